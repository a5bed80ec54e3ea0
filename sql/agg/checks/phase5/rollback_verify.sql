-- Verify rollback. Expected: 0, 0, 0.
SELECT (SELECT COUNT(*) FROM information_schema.columns
         WHERE table_name = 'data_agg_state' AND column_name IN ('agg_start_utc', 'enabled', 'task_priority')) AS columns,
       (SELECT COUNT(*) FROM pg_proc
         WHERE proname IN ('agg_bootstrap_cursor', 'catchup_aggregation_range', 'agg_finish', 'agg_get_due_tasks', 'sync_agg_state_from_registry')) AS functions,
       (SELECT COUNT(*) FROM pg_indexes
         WHERE tablename = 'data_agg_state' AND indexname = 'idx_agg_state_due_priority') AS indexes;
