-- Each 5m and 1h task's run statistics (step 9: "total_bars_created increasing since deployment", per task).
SELECT canonical_symbol, timeframe, total_runs, total_bars_created, last_successful_at_utc
FROM data_agg_state
WHERE timeframe IN ('5m', '1h')
ORDER BY canonical_symbol, timeframe;
