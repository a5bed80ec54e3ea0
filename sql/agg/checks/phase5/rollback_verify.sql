-- Verify rollback (the runbook's query, and what it must mean): no new column, neither new function, no index.
-- The runbook counts all five function names; three of them existed before 011 and must be there again
-- after a rollback that leaves the system working (see 011_aggregation_redesign_ROLLBACK_corrected.sql):
-- only the two functions 011 added must be gone. The schema as a whole is compared with its snapshot.
SELECT (SELECT COUNT(*) FROM information_schema.columns
         WHERE table_name = 'data_agg_state' AND column_name IN ('agg_start_utc', 'enabled', 'task_priority')) AS columns,
       (SELECT COUNT(*) FROM pg_proc
         WHERE proname IN ('agg_bootstrap_cursor', 'sync_agg_state_from_registry')) AS new_functions,
       (SELECT COUNT(*) FROM pg_indexes
         WHERE tablename = 'data_agg_state' AND indexname = 'idx_agg_state_due_priority') AS indexes;
-- Expected:
--  columns | new_functions | indexes
-- ---------+---------------+---------
--        0 |             0 |       0
-- (1 row)
