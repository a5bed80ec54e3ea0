-- Success criteria 5-7: every task has agg_start_utc = 2025-07-01, enabled = true, task_priority = 100. Expected: 0 rows.
SELECT canonical_symbol, timeframe, agg_start_utc, enabled, task_priority
FROM data_agg_state
WHERE agg_start_utc IS DISTINCT FROM '2025-07-01 00:00:00+00' OR enabled IS DISTINCT FROM true OR task_priority IS DISTINCT FROM 100
ORDER BY 1, 2;
