-- Step 6 probes: agg_get_due_tasks on states the stand-in never holds, each filter of its definition on both sides
-- probes: agg_get_due_tasks
-- (the suite rolls this back): of the ten tasks, EURUSD 5m is disabled, DXY 5m's registry row is inactive, XAUUSD 5m is
-- not due for an hour, GBPUSD 1h and USDJPY 1h are running; the other five are idle and due. Asked for up to 100 with
-- at most 5 running, the function may claim 5 - 2 = 3 tasks, none of the three it must pass over, and none running. The
-- five it must pass over get the highest priority (1): a function that ignored one filter would claim that task first.
-- Expected: claimed 3; none disabled, inactive, not due or running.
-- Each row of the last query is a check the answer fails:
-- expected: 0 rows
UPDATE data_agg_state SET status = 'idle', next_run_at_utc = now() - interval '1 minute', enabled = true, task_priority = 100;
UPDATE data_agg_state SET task_priority = 1
 WHERE (canonical_symbol, timeframe) IN (('EURUSD', '5m'), ('DXY', '5m'), ('XAUUSD', '5m'), ('GBPUSD', '1h'), ('USDJPY', '1h'));
UPDATE agg_task_registry SET active = true WHERE env_name = 'prod';
UPDATE data_agg_state SET enabled = false WHERE (canonical_symbol, timeframe) = ('EURUSD', '5m');
UPDATE agg_task_registry SET active = false WHERE env_name = 'prod' AND (canonical_symbol, timeframe) = ('DXY', '5m');
UPDATE data_agg_state SET next_run_at_utc = now() + interval '1 hour' WHERE (canonical_symbol, timeframe) = ('XAUUSD', '5m');
UPDATE data_agg_state SET status = 'running' WHERE (canonical_symbol, timeframe) IN (('GBPUSD', '1h'), ('USDJPY', '1h'));

WITH claimed AS (
    SELECT canonical_symbol || ' ' || timeframe AS task FROM agg_get_due_tasks('prod', now(), 100, 5)
)
SELECT c.what, c.expected, c.actual, (SELECT string_agg(task, ', ' ORDER BY task) FROM claimed) AS tasks
  FROM (VALUES ('a disabled task claimed', 0, (SELECT count(*) FROM claimed WHERE task = 'EURUSD 5m')),
               ('a task inactive in the registry claimed', 0, (SELECT count(*) FROM claimed WHERE task = 'DXY 5m')),
               ('a task not due yet claimed', 0, (SELECT count(*) FROM claimed WHERE task = 'XAUUSD 5m')),
               ('a running task claimed again', 0, (SELECT count(*) FROM claimed WHERE task IN ('GBPUSD 1h', 'USDJPY 1h'))),
               ('tasks claimed with 2 of at most 5 running and 5 due', 3, (SELECT count(*) FROM claimed))
       ) c(what, expected, actual)
 WHERE c.actual IS DISTINCT FROM c.expected;
