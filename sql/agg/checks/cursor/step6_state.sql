-- Step 6: record current state.
SELECT last_agg_bar_ts_utc, total_bars_created
FROM data_agg_state
WHERE canonical_symbol='EURUSD' AND timeframe='5m';
