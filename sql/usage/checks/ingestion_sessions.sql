-- Prerequisites: "Ensure no ingestion jobs are running against staging during apply."
-- Sessions of the ingestion job (its application_name, the psql variable ingestion_app) on this database.
-- Run by hand: psql -v ingestion_app=usage-ingestion -f ingestion_sessions.sql
SELECT pid, application_name, coalesce(host(client_addr), 'local socket') AS client, backend_start, state
FROM pg_stat_activity
WHERE datname = current_database() AND application_name = :'ingestion_app' AND pid <> pg_backend_pid()
ORDER BY pid;
-- Expected: 0 rows (hold the ingestion job off during the apply and validation)
