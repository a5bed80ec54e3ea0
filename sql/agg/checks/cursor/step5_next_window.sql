-- Step 5.2: verify next window has data. Expected: source_bars_available > 0 for all idle tasks.
SELECT
  canonical_symbol,
  timeframe,
  last_agg_bar_ts_utc,
  (
    SELECT COUNT(*)
    FROM data_bars db
    WHERE db.canonical_symbol = s.canonical_symbol
      AND db.timeframe = s.source_timeframe
      AND db.ts_utc >= s.last_agg_bar_ts_utc
      AND db.ts_utc < s.last_agg_bar_ts_utc + make_interval(mins => run_interval_minutes)
  ) as source_bars_available
FROM data_agg_state s
WHERE timeframe IN ('5m', '1h')
  AND status = 'idle'
ORDER BY canonical_symbol, timeframe;
