-- Step 5: data integrity. Expected: null_count 0, disabled_count 0, priority_variance 1 (all 100), hard_failed_count 0.
SELECT (SELECT COUNT(*) FROM data_agg_state WHERE agg_start_utc IS NULL) AS null_count,
       (SELECT COUNT(*) FROM data_agg_state WHERE enabled = false) AS disabled_count,
       (SELECT COUNT(DISTINCT task_priority) FROM data_agg_state) AS priority_variance,
       (SELECT min(task_priority) FROM data_agg_state) AS priority,
       (SELECT COUNT(*) FROM data_agg_state WHERE status = 'hard_failed') AS hard_failed_count;
