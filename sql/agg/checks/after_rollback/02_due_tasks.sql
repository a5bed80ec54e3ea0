-- Behaviour before the deploy, probed again after its rollback: which tasks agg_get_due_tasks claims on a state set
-- here from the columns that exist before and after (every task idle and due at its own minute; GBPUSD 1h running;
-- XAUUSD 5m not due; DXY 5m inactive in the registry), asked for up to 3 with at most 5 running.
-- probes after rollback: agg_get_due_tasks
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
UPDATE agg_task_registry SET active = (canonical_symbol, timeframe) <> ('DXY', '5m') WHERE env_name = 'prod';
UPDATE data_agg_state s SET status = 'idle', running_since_utc = NULL,
       next_run_at_utc = timestamptz '2026-01-01 11:00+00' + make_interval(mins => o.n)
  FROM (SELECT canonical_symbol, timeframe, row_number() OVER (ORDER BY canonical_symbol, timeframe)::int AS n FROM data_agg_state) o
 WHERE o.canonical_symbol = s.canonical_symbol AND o.timeframe = s.timeframe;
UPDATE data_agg_state SET status = 'running' WHERE (canonical_symbol, timeframe) = ('GBPUSD', '1h');
UPDATE data_agg_state SET next_run_at_utc = timestamptz '2026-01-01 13:00+00' WHERE (canonical_symbol, timeframe) = ('XAUUSD', '5m');

SELECT string_agg(canonical_symbol || ' ' || timeframe, ', ' ORDER BY canonical_symbol, timeframe) AS claimed
FROM agg_get_due_tasks('prod', timestamptz '2026-01-01 12:00+00', 3, 5);
