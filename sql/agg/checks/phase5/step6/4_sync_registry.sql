-- Step 6: test sync_agg_state_from_registry (it inserts and updates tasks: the suite rolls this back).
-- probes: sync_agg_state_from_registry
-- Expected (runbook): result set with success=true and task counts. The function answers success = true
-- whatever it did, so the counts are checked against the registry instead: the trial first adds one task
-- to the registry and changes one task's interval, takes the expected counts from the state, syncs, and
-- then compares the state with the registry.
-- Each row of the last query is a check the answer fails:
-- expected: 0 rows
INSERT INTO agg_task_registry (env_name, canonical_symbol, timeframe, run_interval_minutes, is_mandatory)
VALUES ('prod', 'AUDUSD', '5m', 5, true);
-- States the stand-in never holds, which the function must pass over: a task inactive in the registry, a task of
-- another environment (expected: neither becomes a task; tasks_not_to_sync = 0).
INSERT INTO agg_task_registry (env_name, canonical_symbol, timeframe, run_interval_minutes, is_mandatory, active)
VALUES ('prod', 'NZDUSD', '5m', 5, true, false), ('staging', 'USDCAD', '5m', 5, true, true);
UPDATE data_agg_state SET run_interval_minutes = 15 WHERE canonical_symbol = 'EURUSD' AND timeframe = '5m';

CREATE TEMP TABLE sync_expected AS
SELECT count(*) FILTER (WHERE s.canonical_symbol IS NULL) AS inserted,
       count(*) FILTER (WHERE s.canonical_symbol IS NOT NULL
                          AND (s.run_interval_minutes, s.is_mandatory) IS DISTINCT FROM (r.run_interval_minutes, r.is_mandatory)) AS updated,
       (SELECT count(*) FROM data_agg_state) + count(*) FILTER (WHERE s.canonical_symbol IS NULL) AS total
FROM agg_task_registry r
LEFT JOIN data_agg_state s ON s.canonical_symbol = r.canonical_symbol AND s.timeframe = r.timeframe
WHERE r.env_name = 'prod' AND r.active;

CREATE TEMP TABLE sync_result AS
SELECT * FROM sync_agg_state_from_registry('prod', '2025-07-01 00:00:00+00'::timestamptz);

SELECT c.what, c.expected, c.actual
  FROM sync_result r, sync_expected e, LATERAL (VALUES
       ('success', 'true', r.success::text),
       ('tasks_inserted', e.inserted::text, r.tasks_inserted::text),
       ('tasks_updated', e.updated::text, r.tasks_updated::text),
       ('tasks_total', e.total::text, r.tasks_total::text),
       ('tasks_still_differing_from_registry', '0', (SELECT count(*) FROM agg_task_registry g
          LEFT JOIN data_agg_state s ON s.canonical_symbol = g.canonical_symbol AND s.timeframe = g.timeframe
         WHERE g.env_name = 'prod' AND g.active
           AND (s.canonical_symbol IS NULL OR (s.run_interval_minutes, s.is_mandatory) IS DISTINCT FROM (g.run_interval_minutes, g.is_mandatory)))::text),
       ('new_task_agg_start', 'true', ((SELECT agg_start_utc FROM data_agg_state WHERE canonical_symbol = 'AUDUSD' AND timeframe = '5m')
                                       = timestamptz '2025-07-01 00:00:00+00')::text),
       ('tasks synced from an inactive registry row or another environment''s (tasks_not_to_sync)', '0',
        (SELECT count(*) FROM data_agg_state WHERE canonical_symbol IN ('NZDUSD', 'USDCAD'))::text)
       ) c(what, expected, actual)
 WHERE c.actual IS DISTINCT FROM c.expected;
