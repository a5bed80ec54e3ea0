-- Rollback procedure, corrected. The document's rollback (rollback.sql, as written in the runbook) restores
-- data_agg_state but keeps the fixed catchup_aggregation_range, its REVOKE/GRANT and the monitoring view of
-- 006 (its step 3, "Revert function ... Copy original function definition here if needed", is left empty),
-- so the schema after it is not the schema before the deploy. This file does all of it, in one transaction.
BEGIN;

-- 1. Restore state
DELETE FROM data_agg_state;
INSERT INTO data_agg_state
SELECT * FROM data_agg_state_backup_20260111;

-- 2. Verify restore
SELECT COUNT(*) FROM data_agg_state;

-- 3. Revert the monitoring view (006) and the function (004) to their pre-deploy state: the original
--    definition, as in sql/agg/baseline/002_functions.sql, with its default privileges.
DROP VIEW IF EXISTS v_aggregation_frontier_health;
DROP FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean);
CREATE FUNCTION catchup_aggregation_range(
    p_symbol text, p_timeframe text, p_start_cursor timestamptz, p_max_windows integer,
    p_now timestamptz, p_min_source_bars integer DEFAULT 1, p_ignore_confirmation boolean DEFAULT false)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_minutes integer;
    v_cursor  timestamptz := p_start_cursor;
    v_windows integer := 0;
    v_created integer := 0;
    v_skipped integer := 0;
    v_res     jsonb;
BEGIN
    SELECT run_interval_minutes INTO v_minutes FROM data_agg_state WHERE canonical_symbol = p_symbol AND timeframe = p_timeframe;
    WHILE v_windows < p_max_windows LOOP
        v_res := CASE p_timeframe WHEN '5m' THEN aggregate_1m_to_5m_window(p_symbol, v_cursor)
                                  ELSE aggregate_1m_to_1h_window(p_symbol, v_cursor) END;
        IF (v_res->>'source_count')::integer >= p_min_source_bars THEN
            v_created := v_created + 1;
        ELSE
            v_skipped := v_skipped + 1;
        END IF;
        v_cursor := v_cursor + make_interval(mins => v_minutes);
        v_windows := v_windows + 1;
    END LOOP;
    UPDATE data_agg_state SET last_agg_bar_ts_utc = v_cursor, updated_at = now()
     WHERE canonical_symbol = p_symbol AND timeframe = p_timeframe;
    RETURN jsonb_build_object('success', true, 'windows_processed', v_windows, 'cursor_advanced_to', v_cursor,
                              'bars_created', v_created, 'bars_skipped', v_skipped);
END
$$;

COMMIT;
