-- Step 3: test the safety check with a start cursor far beyond the source.
-- probes: catchup_aggregation_range
-- (The runbook wrote '2026-01-11 10:00:00+00', "far in future" on the day it was written; a day past
--  EURUSD's newest 1m bar means the same thing whenever this runs.)
-- Expected: {"success": true, "windows_processed": 0, "reason": "cursor_beyond_source_data", ...}, its max_source_ts
-- EURUSD's newest 1m bar. Each row of the last query is a check the answer fails:
-- expected: 0 rows
WITH answer AS (
SELECT catchup_aggregation_range(
  'EURUSD',
  '5m',
  (SELECT max(ts_utc) + interval '1 day' FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'),
  5,
  NOW(),
  1,
  true
)::jsonb AS r
)
SELECT c.what, c.expected, c.actual, a.r::text AS answer
  FROM answer a, LATERAL (VALUES
       ('keys', 'success, windows_processed, reason, max_source_ts',
        CASE WHEN a.r ?& ARRAY['success', 'windows_processed', 'reason', 'max_source_ts']
             THEN 'success, windows_processed, reason, max_source_ts' ELSE (SELECT string_agg(k, ', ') FROM jsonb_object_keys(a.r) k) END),
       ('success', 'true', a.r->>'success'),
       ('windows_processed', '0', a.r->>'windows_processed'),
       ('reason', 'cursor_beyond_source_data', a.r->>'reason'),
       ('max_source_ts (EURUSD''s newest 1m bar)',
        (SELECT to_char(max(ts_utc), 'YYYY-MM-DD"T"HH24:MI:SS') FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'),
        left(a.r->>'max_source_ts', 19))) c(what, expected, actual)
 WHERE c.actual IS DISTINCT FROM c.expected;
