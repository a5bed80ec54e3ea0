-- "No bars created" over a watch window of any length (the runbooks' 4-hour alert, for compressed time):
-- tasks with no derived bar written since the window began although the source advanced by at least
-- two of their windows meanwhile. Settings: runbook.window_start, runbook.source_at_start. Expected: 0 rows.
WITH advance AS (
    SELECT max(ts_utc) - current_setting('runbook.source_at_start')::timestamptz AS source_advanced FROM data_bars
)
SELECT s.canonical_symbol, s.timeframe, 'no bars created while the source advanced ' || a.source_advanced AS alert
FROM data_agg_state s, advance a
WHERE a.source_advanced >= 2 * make_interval(mins => s.run_interval_minutes)
  AND NOT EXISTS (SELECT 1 FROM derived_data_bars d
                   WHERE d.canonical_symbol = s.canonical_symbol AND d.timeframe = s.timeframe
                     AND d.updated_at >= current_setting('runbook.window_start')::timestamptz)
ORDER BY 1, 2;
