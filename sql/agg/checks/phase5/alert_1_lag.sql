-- ALERT 1: aggregation lag > 1 hour (no success for an hour). Expected: 0 rows.
-- (A mandatory task that never succeeded, last_successful_at_utc NULL, is idle for more than an hour too.)
SELECT s.canonical_symbol, s.timeframe,
       ROUND(((EXTRACT(EPOCH FROM (NOW() - s.last_successful_at_utc)) / 60))::numeric, 1) as min_idle
FROM data_agg_state s
WHERE s.is_mandatory = true
  AND (s.last_successful_at_utc IS NULL OR NOW() - s.last_successful_at_utc > INTERVAL '1 hour');
