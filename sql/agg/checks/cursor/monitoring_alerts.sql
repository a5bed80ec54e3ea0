-- Monitoring (24 hours): alert if hours_since_success > 2, hard_fail_streak > 0, or no bars created in
-- 4 hours (no derived bar of the task written in the last 4 hours). Expected: 0 rows.
-- A task that never succeeded (last_successful_at_utc NULL) has no success for more than 2 hours too.
SELECT s.canonical_symbol, s.timeframe,
       CASE WHEN s.last_successful_at_utc IS NULL THEN 'never succeeded (last_successful_at_utc NULL)'
            WHEN NOW() - s.last_successful_at_utc > interval '2 hours' THEN 'hours_since_success > 2'
            WHEN s.hard_fail_streak > 0 THEN 'hard_fail_streak > 0: ' || coalesce(s.last_error, '')
            ELSE 'no bars created in 4 hours' END AS alert
FROM data_agg_state s
WHERE s.timeframe IN ('5m', '1h')
  AND (s.last_successful_at_utc IS NULL
       OR NOW() - s.last_successful_at_utc > interval '2 hours'
       OR s.hard_fail_streak > 0
       OR NOT EXISTS (SELECT 1 FROM derived_data_bars d
                       WHERE d.canonical_symbol = s.canonical_symbol AND d.timeframe = s.timeframe
                         AND d.updated_at >= NOW() - interval '4 hours'))
ORDER BY 1, 2;
