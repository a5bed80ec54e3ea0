-- Step 3: test the safety check with a start cursor far beyond the source.
-- probes: catchup_aggregation_range
-- (The runbook wrote '2026-01-11 10:00:00+00', "far in future" on the day it was written; a day past
--  EURUSD's newest 1m bar means the same thing whenever this runs.)
-- Expected: {"success": true, "windows_processed": 0, "reason": "cursor_beyond_source_data", ...}
SELECT catchup_aggregation_range(
  'EURUSD',
  '5m',
  (SELECT max(ts_utc) + interval '1 day' FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'),
  5,
  NOW(),
  1,
  true
)::text AS result;
