-- Step 6: test agg_get_due_tasks (it claims tasks: the suite rolls this back).
-- Expected (runbook): depends on current state (0 if all running, up to 10 if idle). Made exact: the tasks
-- claimed equal the tasks due by definition (enabled, idle, next_run_at_utc <= now, active in the prod
-- registry), highest priority (lowest number) first, at most least(10, 10 - running); read in the same
-- statement, so the same snapshot.
-- To make the ordering matter, the trial first gives two tasks priority 50 and asks for 2: exactly those two. On a
-- live staging the team's worker may hold every task (none due now): then both are empty.
-- Each row of the last query is a check the answer fails:
-- expected: 0 rows
UPDATE data_agg_state SET task_priority = 50 WHERE (canonical_symbol, timeframe) IN (('GBPUSD', '1h'), ('USDJPY', '5m'));

WITH due AS (
    SELECT s.canonical_symbol || ' ' || s.timeframe AS task, s.task_priority, s.next_run_at_utc
      FROM data_agg_state s
      JOIN agg_task_registry r ON r.env_name = 'prod' AND r.canonical_symbol = s.canonical_symbol AND r.timeframe = s.timeframe AND r.active
     WHERE s.enabled AND s.status = 'idle' AND s.next_run_at_utc <= NOW()
),
running AS (SELECT count(*) AS n FROM data_agg_state WHERE status = 'running'),
expected_10 AS (
    SELECT task FROM due ORDER BY task_priority, next_run_at_utc, task LIMIT greatest(0, least(10, 10 - (SELECT n FROM running)))
),
expected_2 AS (
    SELECT task FROM due WHERE task_priority = (SELECT min(task_priority) FROM due) ORDER BY task
),
claimed_2 AS (
    SELECT canonical_symbol || ' ' || timeframe AS task FROM agg_get_due_tasks('prod', NOW(), 2, 10)
)
SELECT c.what, c.expected, c.actual
  FROM (VALUES ('tasks agg_get_due_tasks(''prod'', now, 2, 10) claimed, against the two due first by priority',
                (SELECT string_agg(task, ', ' ORDER BY task) FROM expected_2),
                (SELECT string_agg(task, ', ' ORDER BY task) FROM claimed_2)),
               ('tasks due by definition (enabled, idle, due, in the registry), at most 10',
                'between 0 and 10', CASE WHEN (SELECT count(*) FROM expected_10) BETWEEN 0 AND 10
                                         THEN 'between 0 and 10' ELSE (SELECT count(*) FROM expected_10)::text END)
       ) c(what, expected, actual)
 WHERE c.actual IS DISTINCT FROM c.expected;
