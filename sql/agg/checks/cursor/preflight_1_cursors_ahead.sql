-- Pre-flight 1: confirm cursors are ahead of source data. Expected: gap > 0 (cursor ahead), low bars_per_run (~0.01).
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
  s.last_agg_bar_ts_utc - l.latest_1m AS gap,
  s.total_runs,
  s.total_bars_created,
  ROUND(s.total_bars_created::numeric / NULLIF(s.total_runs, 0), 2) AS bars_per_run
FROM data_agg_state s
JOIN latest l USING (canonical_symbol)
WHERE s.timeframe='5m'
ORDER BY s.canonical_symbol;
