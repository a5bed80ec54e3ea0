-- Relation locks this session holds now (inside the statement's transaction), with the timeouts in force.
SELECT l.relation AS rel_oid, l.mode, current_setting('lock_timeout') AS lock_timeout,
       current_setting('statement_timeout') AS statement_timeout
FROM pg_locks l
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
UNION ALL
SELECT 0, '', current_setting('lock_timeout'), current_setting('statement_timeout')
