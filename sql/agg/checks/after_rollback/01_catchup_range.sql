-- Behaviour before the deploy, probed again after its rollback: catchup_aggregation_range over three 5m windows of
-- EURUSD's oldest history (1m bars that no longer change), with a fixed "now" a day later: what it answers.
-- The rollback promises the old function back; the same answer says its behaviour came back, not only its text.
-- probes after rollback: catchup_aggregation_range
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
WITH start AS (
    SELECT date_trunc('hour', min(ts_utc)) + interval '1 hour' AS t FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'
), run AS (
    SELECT t, catchup_aggregation_range('EURUSD', '5m', t, 3, t + interval '1 day', 1, true) AS result FROM start
)
SELECT result->>'success' AS success, result->>'windows_processed' AS windows_processed,
       (result->>'cursor_advanced_to')::timestamptz - t AS cursor_moved_by,
       result->>'bars_created' AS bars_created, result->>'bars_skipped' AS bars_skipped, result->>'reason' AS reason
FROM run;
