-- Success criteria 1-6, one row per task. Setting: runbook.deployed_at (when step 2 deployed the fix).
WITH latest AS (
  SELECT canonical_symbol, MAX(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY canonical_symbol
)
SELECT s.canonical_symbol, s.timeframe,
       (SELECT bool_and(pg_get_functiondef(p.oid) LIKE '%v_source_rows%') FROM pg_proc p WHERE p.proname = 'catchup_aggregation_range') AS c1_function_updated,
       s.last_agg_bar_ts_utc <= l.latest_1m AS c2_cursor_within_source,
       s.hard_fail_streak = 0 AS c5_no_hard_fail_streak,
       s.last_successful_at_utc >= current_setting('runbook.deployed_at')::timestamptz AS c6_succeeded_since_deploy,
       s.last_successful_at_utc
FROM data_agg_state s JOIN latest l USING (canonical_symbol)
WHERE s.timeframe IN ('5m', '1h')
ORDER BY 1, 2;
