-- Success criterion 8: aggregation completes within 5 minutes. A task claimed (status running) more than
-- 5 minutes ago has not completed within 5 minutes. Expected: 0 rows.
SELECT canonical_symbol, timeframe, running_since_utc,
       round((extract(epoch FROM NOW() - running_since_utc) / 60)::numeric, 1) AS minutes_running
FROM data_agg_state
WHERE status = 'running' AND running_since_utc < NOW() - interval '5 minutes'
ORDER BY 1, 2;
