-- Step 6: run aggregation manually (before waiting for cron).
SELECT catchup_aggregation_range(
  'EURUSD',
  '5m',
  (SELECT last_agg_bar_ts_utc FROM data_agg_state
   WHERE canonical_symbol='EURUSD' AND timeframe='5m'),
  5,  -- Small window count
  NOW(),
  1,
  true  -- Ignore confirmation
)::text AS result;
