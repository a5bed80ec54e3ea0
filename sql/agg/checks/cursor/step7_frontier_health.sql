-- Step 7: comprehensive health check.
-- Expected: cursor_status = 'OK' for all; bars_per_run > 0.01; minutes_since_success < 60; hard_fail_streak = 0.
SELECT * FROM v_aggregation_frontier_health
ORDER BY canonical_symbol, timeframe;
