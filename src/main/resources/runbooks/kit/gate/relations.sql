-- Relations outside the system schemas: identity, kind, storage file (a new relfilenode = a rewrite).
SELECT c.oid, n.nspname || '.' || c.relname AS name, c.relkind::text AS kind, c.relfilenode,
       coalesce(x.indrelid, 0) AS table_oid, coalesce(x.indisunique, false) AS is_unique
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index x ON x.indexrelid = c.oid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate') AND n.nspname NOT LIKE 'pg_toast%'
  AND n.nspname NOT LIKE 'pg_temp%' AND c.relkind IN ('r', 'p', 'i', 'I', 'v', 'm', 'S', 'f')
