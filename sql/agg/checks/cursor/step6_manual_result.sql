-- Step 6: the manual run's answer, checked against the table. Variables: result (catchup_aggregation_range's JSON
-- answer), window_from and window_to (the 5-minute windows it processed, ending where it advanced the cursor; not
-- from the cursor read before it: on a living system the worker may advance the cursor in between).
-- Lists the checks the answer fails.
-- Run by hand: psql -v result='{"windows_processed": 5, ...}' -v window_from=... -v window_to=... -f step6_manual_result.sql
WITH answer AS (
  SELECT :'result'::jsonb AS r, :'window_from'::timestamptz AS window_from, :'window_to'::timestamptz AS window_to
), seen AS (
  SELECT a.*,
         (SELECT count(*) FROM generate_series(window_from, window_to - interval '5 minutes', interval '5 minutes') AS w
           WHERE NOT EXISTS (SELECT 1 FROM data_bars b WHERE b.canonical_symbol = 'EURUSD' AND b.timeframe = '1m'
                              AND b.ts_utc >= w AND b.ts_utc < w + interval '5 minutes')) AS empty_windows,
         (SELECT count(*) FROM derived_data_bars d
           WHERE d.canonical_symbol = 'EURUSD' AND d.timeframe = '5m' AND d.deleted_at IS NULL
             AND d.ts_utc >= window_from AND d.ts_utc < window_to) AS bars
  FROM answer a
), checks(failed, holds) AS (
  SELECT 'windows_processed in ' || r::text || ': expected 1 to 5', (r ->> 'windows_processed')::int BETWEEN 1 AND 5 FROM seen
  UNION ALL
  SELECT 'bars_created in ' || r::text || ': expected 1 to 5', (r ->> 'bars_created')::int BETWEEN 1 AND 5 FROM seen
  UNION ALL
  SELECT 'bars_skipped in ' || r::text || ': expected the processed windows without a 1m bar, ' || empty_windows
         || ', and windows_processed - bars_created',
         (r ->> 'bars_skipped')::bigint = empty_windows
           AND (r ->> 'bars_skipped')::bigint = (r ->> 'windows_processed')::bigint - (r ->> 'bars_created')::bigint
  FROM seen
  UNION ALL
  SELECT 'EURUSD 5m bars in the windows the manual run processed (' || window_from || ' to ' || window_to || '): '
         || bars || ', expected bars_created in ' || r::text,
         bars = (r ->> 'bars_created')::bigint
  FROM seen
)
SELECT failed FROM checks WHERE NOT coalesce(holds, false);
-- Expected: 0 rows
