-- Step 9 (its query, whose head the runbook lost): health of the 5m and 1h tasks after the deploy.
-- Expected: minutes_since_success < 60 for all; hard_fail_streak = 0; total_bars_created increasing since deployment.
SELECT canonical_symbol, timeframe, minutes_since_success, hard_fail_streak, total_bars_created
FROM v_aggregation_frontier_health
WHERE timeframe IN ('5m', '1h')
ORDER BY canonical_symbol, timeframe;
