-- Which parts of 011 a database holds, read off the catalog (read-only; psql < file keeps no journal):
--   new_columns:   how many of data_agg_state's agg_start_utc, enabled, task_priority exist (0 before 011, 3 after)
--   index_created: idx_agg_state_due_priority exists
--   new_functions: how many of agg_bootstrap_cursor and sync_agg_state_from_registry exist (0 before, 2 after)
-- 011 runs in one transaction, so anything between "0, f, 0" (not started) and "3, t, 2" (complete) was made by hand,
-- not by 011 (partial).
WITH parts AS (
SELECT (SELECT count(*) FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = 'data_agg_state'
           AND column_name IN ('agg_start_utc', 'enabled', 'task_priority')) AS new_columns,
       to_regclass('public.idx_agg_state_due_priority') IS NOT NULL AS index_created,
       (SELECT count(DISTINCT p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND p.proname IN ('agg_bootstrap_cursor', 'sync_agg_state_from_registry')) AS new_functions
)
SELECT CASE WHEN (new_columns, index_created, new_functions) = (3, true, 2) THEN 'complete'
            WHEN (new_columns, index_created, new_functions) = (0, false, 0) THEN 'not started'
            ELSE 'partial' END AS state,
       CASE WHEN (new_columns, index_created, new_functions) = (3, true, 2) THEN '011_aggregation_redesign.sql is applied: '
            WHEN (new_columns, index_created, new_functions) = (0, false, 0) THEN '011 is not applied: '
            ELSE 'the target holds part of 011 (' END
       || new_columns || ' of 3 new data_agg_state columns, idx_agg_state_due_priority '
           || CASE WHEN index_created THEN 'present' ELSE 'missing' END || ', '
           || new_functions || ' of 2 new functions'
       || CASE WHEN (new_columns, index_created, new_functions) IN ((3, true, 2), (0, false, 0)) THEN ''
               ELSE '), which 011''s single transaction cannot leave: someone changed it by hand; compare it with'
                    || ' sql/agg/migrations/011_aggregation_redesign.sql and settle it with the team before re-running.' END
       AS evidence
FROM parts;
