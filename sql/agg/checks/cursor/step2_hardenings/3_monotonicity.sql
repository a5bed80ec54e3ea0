-- Step 2 hardening "cursor monotonicity assertion": a run whose cursor would not move forward (here a task
-- probes: catchup_aggregation_range
-- whose interval was set to 0 minutes) must stop. Rolled back by the suite. Expected: an error naming monotonicity.
-- fails saying: monotonicity
UPDATE data_agg_state SET run_interval_minutes = 0 WHERE canonical_symbol = 'EURUSD' AND timeframe = '5m';

SELECT catchup_aggregation_range('EURUSD', '5m',
       (SELECT date_bin('5 minutes', min(ts_utc), '2000-01-01') FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'),
       1, NOW(), 1, true)::text AS result;
