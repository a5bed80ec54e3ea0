-- Enum labels, and the schemas that exist.
SELECT 'enum' AS kind, t.oid, n.nspname || '.' || t.typname || ':' || e.enumlabel AS name
FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
UNION ALL
SELECT 'schema', n.oid, n.nspname FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
