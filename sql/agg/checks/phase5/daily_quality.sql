-- Once per day: data quality check. Expected: quality_pct >= 90% for all timeframes.
SELECT ddb.canonical_symbol, ddb.timeframe,
       COUNT(*) as total_bars,
       COUNT(*) FILTER (WHERE quality_score >= 1) as good_bars,
       ROUND(100.0 * COUNT(*) FILTER (WHERE quality_score >= 1) / COUNT(*), 1) as quality_pct
FROM derived_data_bars ddb
WHERE ddb.deleted_at IS NULL
  AND ddb.ts_utc >= NOW() - INTERVAL '24 hours'
GROUP BY ddb.canonical_symbol, ddb.timeframe
ORDER BY quality_pct ASC;
