-- Step 1: verify the backup, beside the live table it copies (the worker may change values meanwhile;
-- the counts of rows and of tasks must match).

SELECT (SELECT COUNT(*) FROM data_agg_state_backup_20260111) = (SELECT COUNT(*) FROM data_agg_state)
       AS backup_count_equals_live_count;
-- Expected: t

SELECT (SELECT COUNT(DISTINCT canonical_symbol || timeframe) FROM data_agg_state_backup_20260111)
       = (SELECT COUNT(*) FROM data_agg_state) AS backup_unique_tasks_equal_live_count;
-- Expected: t

-- The counts, for the report.
SELECT (SELECT COUNT(*) FROM data_agg_state_backup_20260111) AS count,
       (SELECT COUNT(DISTINCT canonical_symbol || timeframe) FROM data_agg_state_backup_20260111) AS unique_tasks,
       (SELECT COUNT(*) FROM data_agg_state) AS live_count;
