-- Step 5.1: all cursors should be within valid range. Expected: ALL cursor_ahead = false.
WITH latest AS (
  SELECT canonical_symbol, MAX(ts_utc) AS latest_1m
  FROM data_bars WHERE timeframe='1m'
  GROUP BY canonical_symbol
)
SELECT
  s.canonical_symbol,
  s.timeframe,
  s.last_agg_bar_ts_utc AS cursor,
  l.latest_1m AS max_source,
  (s.last_agg_bar_ts_utc > l.latest_1m) AS cursor_ahead
FROM data_agg_state s
JOIN latest l USING (canonical_symbol)
WHERE s.timeframe='5m'
ORDER BY s.canonical_symbol;
