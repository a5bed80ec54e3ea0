-- Step 4: every task's cursor beside its newest 1m bar, and where the tightened reset condition
-- (cursor >= max_ts OR NULL) must put it: the window after the newest derived bar built from source rows,
-- never later than the newest 1m bar's window (005's own header). Run before and after 005.
WITH latest AS (
  SELECT canonical_symbol, MAX(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY canonical_symbol
)
SELECT s.canonical_symbol, s.timeframe,
       s.last_agg_bar_ts_utc AS cursor,
       l.latest_1m,
       (s.last_agg_bar_ts_utc IS NULL OR s.last_agg_bar_ts_utc >= l.latest_1m) AS needs_reset,
       least(coalesce((SELECT max(d.ts_utc) FROM derived_data_bars d
                        WHERE d.canonical_symbol = s.canonical_symbol AND d.timeframe = s.timeframe
                          AND d.deleted_at IS NULL AND d.source_count > 0) + make_interval(mins => s.run_interval_minutes),
                      date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m - interval '1 day', '2000-01-01')),
             date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m, '2000-01-01')) AS reset_to
FROM data_agg_state s
JOIN latest l USING (canonical_symbol)
ORDER BY s.canonical_symbol, s.timeframe;
