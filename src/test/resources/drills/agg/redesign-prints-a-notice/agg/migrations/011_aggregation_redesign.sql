-- 011: Phase 5 aggregation redesign (runbook phase5-aggregation-redesign.md).
--   data_agg_state: agg_start_utc (where a task's history begins), enabled, task_priority;
--   five SECURITY DEFINER functions: agg_bootstrap_cursor and sync_agg_state_from_registry (new),
--   catchup_aggregation_range, agg_finish and agg_get_due_tasks (now honouring enabled and priority);
--   idx_agg_state_due_priority for the due-task query.
-- Rollback: 011_aggregation_redesign_ROLLBACK.sql.
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '60s';

-- DRILL DEFECT: a leftover statement whose output is a NOTICE.
DROP INDEX IF EXISTS idx_agg_state_due;

ALTER TABLE data_agg_state ADD COLUMN agg_start_utc timestamptz NOT NULL DEFAULT '2025-07-01 00:00:00+00';
ALTER TABLE data_agg_state ADD COLUMN enabled boolean NOT NULL DEFAULT true;
ALTER TABLE data_agg_state ADD COLUMN task_priority integer NOT NULL DEFAULT 100;

-- gate:allow index-without-concurrently reason: data_agg_state holds one row per task (tens of rows), so the build takes milliseconds; CONCURRENTLY cannot run inside this migration's transaction
CREATE INDEX idx_agg_state_due_priority ON data_agg_state (enabled, status, task_priority, next_run_at_utc);

-- The first cursor of a task: its agg_start_utc, or the window of its oldest 1m bar if that is later.
CREATE FUNCTION agg_bootstrap_cursor(p_symbol text, p_timeframe text)
RETURNS timestamptz LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT greatest(s.agg_start_utc,
                    date_bin(make_interval(mins => s.run_interval_minutes),
                             (SELECT min(b.ts_utc) FROM data_bars b WHERE b.canonical_symbol = p_symbol AND b.timeframe = '1m'),
                             '2000-01-01'))
    FROM data_agg_state s WHERE s.canonical_symbol = p_symbol AND s.timeframe = p_timeframe
$$;

ALTER FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean)
    SECURITY DEFINER SET search_path = public;

ALTER FUNCTION agg_finish(text, text, boolean, integer, text, timestamptz)
    SECURITY DEFINER SET search_path = public;

-- Due tasks: enabled, idle, due; highest priority (lowest number) first; cursors bootstrapped.
CREATE OR REPLACE FUNCTION agg_get_due_tasks(p_env text, p_now timestamptz, p_limit integer, p_max_running integer)
RETURNS TABLE (canonical_symbol text, timeframe text, last_agg_bar_ts_utc timestamptz, run_interval_minutes integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RETURN QUERY
    WITH running AS (SELECT count(*) AS n FROM data_agg_state s WHERE s.status = 'running'),
    due AS (
        SELECT s.canonical_symbol, s.timeframe
          FROM data_agg_state s
          JOIN agg_task_registry r ON r.env_name = p_env AND r.canonical_symbol = s.canonical_symbol
                                  AND r.timeframe = s.timeframe AND r.active
         WHERE s.enabled AND s.status = 'idle' AND s.next_run_at_utc <= p_now
         ORDER BY s.task_priority, s.next_run_at_utc
         LIMIT greatest(0, least(p_limit, p_max_running - (SELECT n FROM running)))
         FOR UPDATE OF s SKIP LOCKED
    )
    UPDATE data_agg_state s
       SET status = 'running', running_since_utc = p_now, last_attempt_at_utc = p_now, updated_at = now(),
           last_agg_bar_ts_utc = coalesce(s.last_agg_bar_ts_utc, agg_bootstrap_cursor(s.canonical_symbol, s.timeframe))
      FROM due
     WHERE s.canonical_symbol = due.canonical_symbol AND s.timeframe = due.timeframe
    RETURNING s.canonical_symbol, s.timeframe, s.last_agg_bar_ts_utc, s.run_interval_minutes;
END
$$;

-- Brings data_agg_state in line with the registry of an environment: adds missing tasks (cursor NULL
-- until bootstrapped), updates interval and mandatory flag of existing ones. One row of counts.
CREATE FUNCTION sync_agg_state_from_registry(p_env text, p_agg_start timestamptz)
RETURNS TABLE (success boolean, tasks_inserted integer, tasks_updated integer, tasks_total integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    v_inserted integer;
    v_updated  integer;
BEGIN
    INSERT INTO data_agg_state (canonical_symbol, timeframe, source_timeframe, run_interval_minutes, is_mandatory, agg_start_utc)
    SELECT r.canonical_symbol, r.timeframe, r.source_timeframe, r.run_interval_minutes, r.is_mandatory, p_agg_start
      FROM agg_task_registry r
     WHERE r.env_name = p_env AND r.active
    ON CONFLICT (canonical_symbol, timeframe) DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    UPDATE data_agg_state s
       SET run_interval_minutes = r.run_interval_minutes, is_mandatory = r.is_mandatory, updated_at = now()
      FROM agg_task_registry r
     WHERE r.env_name = p_env AND r.active AND r.canonical_symbol = s.canonical_symbol AND r.timeframe = s.timeframe
       AND (s.run_interval_minutes, s.is_mandatory) IS DISTINCT FROM (r.run_interval_minutes, r.is_mandatory);
    GET DIAGNOSTICS v_updated = ROW_COUNT;
    RETURN QUERY SELECT true, v_inserted, v_updated, (SELECT count(*)::integer FROM data_agg_state);
END
$$;

COMMIT;
