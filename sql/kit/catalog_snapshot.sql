-- The schema of a database as one sorted list of objects and their definitions (the public schema):
-- columns with type, nullability and default; indexes, constraints, triggers and views by their
-- definitions; functions by signature, a hash of their full definition, SECURITY DEFINER and privileges.
-- Two snapshots are equal when nothing in the schema differs (a rollback "restores" the schema).
SELECT kind, object, definition FROM (
    SELECT 'column' AS kind, c.relname || '.' || a.attname AS object,
           format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
               || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS definition
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'index', i.relname, pg_get_indexdef(i.oid)
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'constraint', t.relname || '.' || k.conname, pg_get_constraintdef(k.oid)
      FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'trigger', t.relname || '.' || g.tgname, pg_get_triggerdef(g.oid)
      FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND NOT g.tgisinternal
    UNION ALL
    SELECT 'view', c.relname, md5(pg_get_viewdef(c.oid))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text,
           'definition md5 ' || md5(pg_get_functiondef(p.oid)) || CASE WHEN p.prosecdef THEN ', SECURITY DEFINER' ELSE '' END
               || ', privileges ' || coalesce(array_to_string(p.proacl, ' '), 'default')
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
) objects
ORDER BY kind, object;
