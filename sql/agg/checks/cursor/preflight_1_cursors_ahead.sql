-- Pre-flight 1: confirm cursors are ahead of source data. What the document's "gap > 0 (cursor ahead), low
-- bars_per_run (~0.01)" says of the tasks the bug hits (not of every row: a healthy task's gap is <= 0), then the
-- document's query, for the report.
SELECT 'DXY 5m' IN (SELECT s.canonical_symbol || ' 5m' FROM data_agg_state s
                    WHERE s.timeframe = '5m'
                      AND s.last_agg_bar_ts_utc > (SELECT max(b.ts_utc) FROM data_bars b
                                                    WHERE b.canonical_symbol = s.canonical_symbol AND b.timeframe = '1m'))
       AS cursor_ahead_of_its_newest_1m_bar;
-- Expected: t (the bug this runbook fixes)

SELECT coalesce(bool_or(ROUND(total_bars_created::numeric / NULLIF(total_runs, 0), 2) <= 0.05), false)
       AS a_5m_task_with_bars_per_run_near_0_01
FROM data_agg_state WHERE timeframe = '5m';
-- Expected: t (at most 0.05)

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
