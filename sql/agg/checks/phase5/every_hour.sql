-- Every hour: check lag is acceptable. Expected: lag_minutes < 60 for all mandatory tasks.
SELECT s.canonical_symbol, s.timeframe,
       MAX(db.ts_utc) as latest_1m,
       s.last_agg_bar_ts_utc as cursor,
       ROUND(((EXTRACT(EPOCH FROM (MAX(db.ts_utc) - s.last_agg_bar_ts_utc)) / 60))::numeric, 2) as lag_minutes
FROM data_agg_state s
LEFT JOIN data_bars db ON db.canonical_symbol = s.canonical_symbol AND db.timeframe = '1m'
WHERE s.is_mandatory = true
GROUP BY s.canonical_symbol, s.timeframe, s.last_agg_bar_ts_utc
ORDER BY lag_minutes DESC;
