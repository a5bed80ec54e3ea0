-- Table constraints: kind, validated, the index behind a unique/primary key, referencing columns of a foreign key.
SELECT k.oid, k.conrelid AS rel_oid, k.conname AS name, k.contype::text AS kind, k.convalidated AS validated,
       k.conindid AS index_oid, array_to_string(k.conkey, ',') AS columns, pg_get_constraintdef(k.oid) AS definition
FROM pg_constraint k
JOIN pg_namespace n ON n.oid = k.connamespace
WHERE k.conrelid <> 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate')
