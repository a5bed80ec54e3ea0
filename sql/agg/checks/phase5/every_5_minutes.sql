-- Every 5 minutes: check aggregation is running normally. Expected: all status 'idle' or 'running', min_since_success < 5.
SELECT s.canonical_symbol, s.timeframe, s.status,
       ROUND((EXTRACT(EPOCH FROM (NOW() - s.last_successful_at_utc)) / 60)::numeric, 2) as min_since_success
FROM data_agg_state s
WHERE s.is_mandatory = true
ORDER BY s.canonical_symbol, s.timeframe;
