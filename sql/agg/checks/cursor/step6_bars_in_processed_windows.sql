-- Step 6, made exact: the EURUSD 5m bars in the windows the manual run processed (its cursor before and after).
-- (The runbook's "updated in the last 5 minutes" also counts any bar written moments earlier, as a fresh stand-in's are.)
-- Settings: runbook.window_from, runbook.window_to. Expected: bars = the run's bars_created.
SELECT count(*) AS bars
FROM derived_data_bars
WHERE canonical_symbol = 'EURUSD' AND timeframe = '5m' AND deleted_at IS NULL
  AND ts_utc >= current_setting('runbook.window_from')::timestamptz AND ts_utc < current_setting('runbook.window_to')::timestamptz;
