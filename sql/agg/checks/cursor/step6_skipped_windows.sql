-- Step 6: the processed windows (from the cursor before the manual run to the one it advanced to) that
-- had no EURUSD 1m bar: the run's bars_skipped must equal this. Settings: runbook.window_from, runbook.window_to.
SELECT count(*) AS empty_windows
FROM generate_series(current_setting('runbook.window_from')::timestamptz,
                     current_setting('runbook.window_to')::timestamptz - interval '5 minutes', interval '5 minutes') AS w
WHERE NOT EXISTS (SELECT 1 FROM data_bars b WHERE b.canonical_symbol = 'EURUSD' AND b.timeframe = '1m'
                   AND b.ts_utc >= w AND b.ts_utc < w + interval '5 minutes');
