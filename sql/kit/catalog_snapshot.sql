-- The schema of a database as one sorted list of objects and their definitions (the public schema):
-- columns with type, nullability and default; indexes, constraints, triggers and views by their
-- definitions; functions by signature, a hash of their full definition, SECURITY DEFINER and privileges.
-- The security surface: row-level security (enabled, forced) on each table where it is on; policies with
-- their command, roles, USING and WITH CHECK; the owner of the schema, of each table, view, sequence and
-- function; privileges granted on the schema, tables, views, columns and sequences (each ACL sorted, so the
-- order GRANTs ran in does not matter; an object on its default privileges has no row), and the default
-- privileges (ALTER DEFAULT PRIVILEGES) that apply in the schema.
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
    UNION ALL
    SELECT 'row security', c.relname,
           CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END
               || CASE WHEN c.relforcerowsecurity THEN ', forced (applies to the owner too)' ELSE '' END
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)
    UNION ALL
    SELECT 'policy', p.tablename || '.' || p.policyname,
           p.permissive || ' FOR ' || p.cmd || ' TO ' || array_to_string(ARRAY(SELECT unnest(p.roles) ORDER BY 1), ', ')
               || coalesce(' USING (' || p.qual || ')', '') || coalesce(' WITH CHECK (' || p.with_check || ')', '')
      FROM pg_policies p
     WHERE p.schemaname = 'public'
    UNION ALL
    SELECT 'owner', 'schema ' || n.nspname, pg_get_userbyid(n.nspowner)
      FROM pg_namespace n
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'owner', CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                                   ELSE 'table ' END || c.relname,
           pg_get_userbyid(c.relowner)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT 'owner', 'function ' || p.oid::regprocedure::text, pg_get_userbyid(p.proowner)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
    UNION ALL
    SELECT 'privileges', 'schema ' || n.nspname, array_to_string(ARRAY(SELECT unnest(n.nspacl)::text ORDER BY 1), ' ')
      FROM pg_namespace n
     WHERE n.nspname = 'public' AND n.nspacl IS NOT NULL
    UNION ALL
    SELECT 'privileges', CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                                        ELSE 'table ' END || c.relname,
           array_to_string(ARRAY(SELECT unnest(c.relacl)::text ORDER BY 1), ' ')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL
    UNION ALL
    SELECT 'privileges', 'column ' || c.relname || '.' || a.attname,
           array_to_string(ARRAY(SELECT unnest(a.attacl)::text ORDER BY 1), ' ')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attacl IS NOT NULL
    UNION ALL
    SELECT 'default privileges',
           'for role ' || pg_get_userbyid(d.defaclrole)
               || CASE WHEN d.defaclnamespace = 0 THEN ' in every schema' ELSE ' in schema public' END
               || ' on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                                 WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END,
           array_to_string(ARRAY(SELECT unnest(d.defaclacl)::text ORDER BY 1), ' ')
      FROM pg_default_acl d
     WHERE d.defaclnamespace = 0 OR d.defaclnamespace = 'public'::regnamespace
) objects
ORDER BY kind, object;
