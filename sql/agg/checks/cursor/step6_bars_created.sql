-- Step 6: verify bars were created.
SELECT
  COUNT(*) as new_bars,
  MIN(ts_utc) as oldest,
  MAX(ts_utc) as newest
FROM derived_data_bars
WHERE canonical_symbol = 'EURUSD'
  AND timeframe = '5m'
  AND deleted_at IS NULL
  AND updated_at >= NOW() - INTERVAL '5 minutes';
