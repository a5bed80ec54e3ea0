-- §7.1.2 "Check for blocking queries", as the document writes it, without this session itself, and with who blocks whom.
-- Run by hand: psql -f 7.1.2_blocking_queries.sql
SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blocked_by, left(query, 200) AS query
FROM pg_stat_activity
WHERE state != 'idle' AND pid <> pg_backend_pid() AND datname = current_database()
ORDER BY pid;
