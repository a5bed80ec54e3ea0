-- Step 4, before 005: every task's cursor beside its newest 1m bar, and where the tightened reset condition
-- (cursor >= max_ts OR NULL) must put it: the window after the newest derived bar built from source rows,
-- never later than the newest 1m bar's window (005's own header). step4_reset.sql compares the cursors after 005
-- with these; reset_5m and reset_1h are the counts 005's NOTICE must report.
WITH latest AS (
  SELECT canonical_symbol, MAX(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY canonical_symbol
), task AS (
  SELECT s.canonical_symbol, s.timeframe,
         s.last_agg_bar_ts_utc AS cursor,
         (s.last_agg_bar_ts_utc IS NULL OR s.last_agg_bar_ts_utc >= l.latest_1m) AS needs_reset,
         least(coalesce((SELECT max(d.ts_utc) FROM derived_data_bars d
                          WHERE d.canonical_symbol = s.canonical_symbol AND d.timeframe = s.timeframe
                            AND d.deleted_at IS NULL AND d.source_count > 0) + make_interval(mins => s.run_interval_minutes),
                        date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m - interval '1 day', '2000-01-01')),
               date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m, '2000-01-01')) AS reset_to
  FROM data_agg_state s
  JOIN latest l USING (canonical_symbol)
)
SELECT json_agg(task ORDER BY canonical_symbol, timeframe) AS cursors,
       count(*) FILTER (WHERE needs_reset AND timeframe = '5m') AS reset_5m,
       count(*) FILTER (WHERE needs_reset AND timeframe = '1h') AS reset_1h
FROM task;
