-- Monitoring (24 hours), run daily: aggregation health.
WITH daily_stats AS (
  SELECT
    canonical_symbol,
    timeframe,
    total_runs,
    total_bars_created,
    last_successful_at_utc
  FROM data_agg_state
  WHERE timeframe IN ('5m', '1h')
)
SELECT
  *,
  EXTRACT(EPOCH FROM (NOW() - last_successful_at_utc))/3600 AS hours_since_success
FROM daily_stats
ORDER BY hours_since_success DESC;
