-- Step 9 probes: v_aggregation_frontier_health's cursor_status on every state its CASE distinguishes, each on both sides
-- probes: v_aggregation_frontier_health
-- of its boundary (the suite rolls this back; the stand-in holds only some of them). From 006's definition: NO_CURSOR
-- when there is no cursor; AHEAD_OF_SOURCE when the cursor is past the newest 1m bar (at it is not ahead); LAGGING when
-- the cursor is more than two hours and one of the task's own windows behind it (exactly that much is not lagging); OK
-- otherwise. Expected: actual = expected, else a row:
-- expected: 0 rows
UPDATE data_agg_state s
   SET last_agg_bar_ts_utc = CASE s.canonical_symbol || ' ' || s.timeframe
         WHEN 'EURUSD 5m' THEN NULL
         WHEN 'DXY 5m' THEN l.latest_1m + interval '1 minute'
         WHEN 'XAUUSD 5m' THEN l.latest_1m
         WHEN 'GBPUSD 5m' THEN l.latest_1m - interval '2 hours 5 minutes'
         WHEN 'USDJPY 5m' THEN l.latest_1m - interval '2 hours 6 minutes'
         WHEN 'GBPUSD 1h' THEN l.latest_1m - interval '3 hours 1 minute'
         WHEN 'USDJPY 1h' THEN l.latest_1m - interval '2 hours 6 minutes'
         ELSE s.last_agg_bar_ts_utc END
  FROM (SELECT canonical_symbol, max(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY canonical_symbol) l
 WHERE l.canonical_symbol = s.canonical_symbol;

WITH probed(task, expected) AS (VALUES
    ('DXY 5m', 'AHEAD_OF_SOURCE'), ('EURUSD 5m', 'NO_CURSOR'), ('GBPUSD 1h', 'LAGGING'), ('GBPUSD 5m', 'OK'),
    ('USDJPY 1h', 'OK'), ('USDJPY 5m', 'LAGGING'), ('XAUUSD 5m', 'OK'))
SELECT 'cursor_status of v_aggregation_frontier_health on each probed state' AS what, expected, actual
  FROM (SELECT string_agg(p.task || '=' || p.expected, ', ' ORDER BY p.task) AS expected,
               string_agg(p.task || '=' || coalesce(v.cursor_status, '(no row)'), ', ' ORDER BY p.task) AS actual
          FROM probed p
          LEFT JOIN v_aggregation_frontier_health v ON v.canonical_symbol || ' ' || v.timeframe = p.task) r
 WHERE actual IS DISTINCT FROM expected;
