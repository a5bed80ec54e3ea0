-- Prerequisites: "Ensure no ingestion jobs are running against staging during apply."
-- Sessions of the ingestion job (its application_name) on this database. Expected: 0 rows.
-- Settings: runbook.ingestion_app (the job's application_name).
SELECT pid, application_name, coalesce(host(client_addr), 'local socket') AS client, backend_start, state
FROM pg_stat_activity
WHERE datname = current_database() AND application_name = current_setting('runbook.ingestion_app') AND pid <> pg_backend_pid()
ORDER BY pid;
