-- ALERT 1: aggregation lag > 1 hour (no success for an hour). Expected: 0 rows.
SELECT s.canonical_symbol, s.timeframe,
       ROUND(((EXTRACT(EPOCH FROM (NOW() - s.last_successful_at_utc)) / 60))::numeric, 1) as min_idle
FROM data_agg_state s
WHERE s.is_mandatory = true
  AND NOW() - s.last_successful_at_utc > INTERVAL '1 hour';
