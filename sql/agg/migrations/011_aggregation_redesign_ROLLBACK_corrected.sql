-- Rollback of 011, corrected: the system as it stood before 011, working.
-- The runbook's rollback (011_aggregation_redesign_ROLLBACK.sql, kept beside this file as the document
-- names it) drops catchup_aggregation_range, agg_finish and agg_get_due_tasks, which existed before 011:
-- afterwards the worker has nothing to call. This one drops only what 011 added (the three columns,
-- agg_bootstrap_cursor, sync_agg_state_from_registry, idx_agg_state_due_priority) and returns the three
-- functions 011 changed to their definitions before it (catchup_aggregation_range as 004 left it,
-- agg_finish and agg_get_due_tasks as the baseline has them), privileges untouched.
-- Verified by the Phase 5 runbook: the catalog equals its snapshot before 011, and the worker runs.
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP INDEX IF EXISTS idx_agg_state_due_priority;
DROP FUNCTION IF EXISTS agg_bootstrap_cursor(text, text);
DROP FUNCTION IF EXISTS sync_agg_state_from_registry(text, timestamptz);

ALTER FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean)
    SECURITY INVOKER RESET search_path;
ALTER FUNCTION agg_finish(text, text, boolean, integer, text, timestamptz)
    SECURITY INVOKER RESET search_path;
CREATE OR REPLACE FUNCTION agg_get_due_tasks(p_env text, p_now timestamptz, p_limit integer, p_max_running integer)
RETURNS TABLE (canonical_symbol text, timeframe text, last_agg_bar_ts_utc timestamptz, run_interval_minutes integer)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    WITH running AS (SELECT count(*) AS n FROM data_agg_state s WHERE s.status = 'running'),
    due AS (
        SELECT s.canonical_symbol, s.timeframe
          FROM data_agg_state s
          JOIN agg_task_registry r ON r.env_name = p_env AND r.canonical_symbol = s.canonical_symbol
                                  AND r.timeframe = s.timeframe AND r.active
         WHERE s.status = 'idle' AND s.next_run_at_utc <= p_now
         ORDER BY s.next_run_at_utc
         LIMIT greatest(0, least(p_limit, p_max_running - (SELECT n FROM running)))
         FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE data_agg_state s
       SET status = 'running', running_since_utc = p_now, last_attempt_at_utc = p_now, updated_at = now()
      FROM due
     WHERE s.canonical_symbol = due.canonical_symbol AND s.timeframe = due.timeframe
    RETURNING s.canonical_symbol, s.timeframe, s.last_agg_bar_ts_utc, s.run_interval_minutes;
END
$$;
ALTER FUNCTION agg_get_due_tasks(text, timestamptz, integer, integer) SECURITY INVOKER RESET search_path;

ALTER TABLE data_agg_state DROP COLUMN IF EXISTS agg_start_utc,
                           DROP COLUMN IF EXISTS enabled,
                           DROP COLUMN IF EXISTS task_priority;

COMMIT;
