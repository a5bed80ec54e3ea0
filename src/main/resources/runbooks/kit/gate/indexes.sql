-- Index key columns (attnums), to tell whether a foreign key's columns lead some index.
SELECT x.indrelid AS rel_oid, x.indexrelid AS index_oid, array_to_string(x.indkey::int2[], ',') AS columns
FROM pg_index x
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate') AND n.nspname NOT LIKE 'pg_toast%'
