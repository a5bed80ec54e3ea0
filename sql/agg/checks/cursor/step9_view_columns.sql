-- Step 9: the columns of v_aggregation_frontier_health that steps 7 and 9 read; a row for each one missing.
SELECT c AS missing_column
FROM unnest(ARRAY['cursor_status', 'bars_per_run', 'minutes_since_success', 'hard_fail_streak', 'total_bars_created']) c
WHERE NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_name = 'v_aggregation_frontier_health' AND column_name = c);
-- Expected: 0 rows
