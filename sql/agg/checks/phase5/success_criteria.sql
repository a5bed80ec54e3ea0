-- Success criteria 2, 4, 5-7, 10 and 11, checked again after the watch (criterion 3 is step3_signatures.sql; 1, 8, 9
-- and 12 are the migration's output and what the watch saw).
-- 2. All 3 new columns exist.
SELECT count(*) AS new_columns
FROM information_schema.columns
WHERE table_name = 'data_agg_state'
  AND column_name IN ('agg_start_utc', 'enabled', 'task_priority');
-- Expected: 3

-- 4. Index created on data_agg_state.
SELECT count(*) AS indexes FROM pg_indexes WHERE tablename = 'data_agg_state' AND indexname = 'idx_agg_state_due_priority';
-- Expected: 1

-- 5-7. Every task has agg_start_utc = 2025-07-01, enabled = true, task_priority = 100.
SELECT canonical_symbol, timeframe, agg_start_utc, enabled, task_priority
FROM data_agg_state
WHERE agg_start_utc IS DISTINCT FROM '2025-07-01 00:00:00+00' OR enabled IS DISTINCT FROM true OR task_priority IS DISTINCT FROM 100
ORDER BY 1, 2;
-- Expected: 0 rows

-- 10. Zero hard_failed tasks.
SELECT canonical_symbol, timeframe, status FROM data_agg_state WHERE status = 'hard_failed';
-- Expected: 0 rows

-- 11. Zero hard_fail_streak.
SELECT canonical_symbol, timeframe, hard_fail_streak, last_error FROM data_agg_state WHERE hard_fail_streak > 0;
-- Expected: 0 rows
