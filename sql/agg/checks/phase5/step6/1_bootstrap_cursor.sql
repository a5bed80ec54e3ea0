-- Step 6: test agg_bootstrap_cursor. Expected: timestamp = 2025-07-01 00:00:00+00 or later boundary.
-- probes: agg_bootstrap_cursor
-- Exactly: the later of the task's agg_start_utc and the window (of the task's interval) holding its
-- symbol's oldest 1m bar, computed here from the state beside the function's answer.
-- Each row of the last query is a check the answer fails:
-- expected: 0 rows
WITH answer AS (
SELECT agg_bootstrap_cursor('EURUSD', '5m'::text) AS cursor,
       (SELECT greatest(s.agg_start_utc,
                        date_bin(make_interval(mins => s.run_interval_minutes),
                                 (SELECT min(b.ts_utc) FROM data_bars b WHERE b.canonical_symbol = 'EURUSD' AND b.timeframe = '1m'),
                                 '2000-01-01'))
          FROM data_agg_state s WHERE s.canonical_symbol = 'EURUSD' AND s.timeframe = '5m') AS expected,
       agg_bootstrap_cursor('EURUSD', '5m'::text) >= '2025-07-01 00:00:00+00' AS not_before_start,
       agg_bootstrap_cursor('EURUSD', '5m'::text) = date_bin('5 minutes', agg_bootstrap_cursor('EURUSD', '5m'::text), '2000-01-01') AS on_boundary
)
SELECT c.what, c.expected, c.actual
  FROM answer a, LATERAL (VALUES ('not_before_start', 'true', a.not_before_start::text),
                                 ('on_boundary', 'true', a.on_boundary::text),
                                 ('cursor', a.expected::text, a.cursor::text)) c(what, expected, actual)
 WHERE c.actual IS DISTINCT FROM c.expected;
