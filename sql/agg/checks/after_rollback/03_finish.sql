-- Behaviour before the deploy, probed again after its rollback: what agg_finish records for a failed run of a task
-- that failed twice already (EURUSD 5m) and for a successful run (EURUSD 1h), from a state set here.
-- probes after rollback: agg_finish
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
UPDATE data_agg_state SET status = 'running', hard_fail_streak = 2, total_runs = 10, total_bars_created = 100, last_error = NULL,
       last_successful_at_utc = timestamptz '2026-01-01 10:00+00', running_since_utc = timestamptz '2026-01-01 11:59+00'
 WHERE canonical_symbol = 'EURUSD' AND timeframe IN ('5m', '1h');
SELECT agg_finish('EURUSD', '5m', false, 0, 'probe failure', timestamptz '2026-01-01 12:00+00');
SELECT agg_finish('EURUSD', '1h', true, 7, NULL, timestamptz '2026-01-01 12:00+00');

SELECT timeframe, status, hard_fail_streak, total_runs, total_bars_created, last_error, last_successful_at_utc,
       next_run_at_utc - timestamptz '2026-01-01 12:00+00' AS next_run_in, running_since_utc
FROM data_agg_state WHERE canonical_symbol = 'EURUSD' ORDER BY timeframe;
