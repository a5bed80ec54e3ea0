-- 004: stop the aggregation cursor from running ahead of its source data (runbook aggregator-cursor-fix.md).
-- Applied with psql: psql "$DATABASE_URL" < 004_fix_aggregator_cursor.sql
-- Hardenings:
--   * stop when there are no source rows at or after the cursor ("cursor_beyond_source_data"), and never
--     aggregate a window that has not ended (p_now) or that the source has not passed (confirmation);
--   * NULL cursor guard (a task must be bootstrapped, not silently started anywhere);
--   * JSON contract validation of the window functions' answers;
--   * cursor monotonicity assertion;
--   * max_source_ts in the response (observability).
BEGIN;

DROP FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean);

CREATE FUNCTION catchup_aggregation_range(
    p_symbol text, p_timeframe text, p_start_cursor timestamptz, p_max_windows integer,
    p_now timestamptz, p_min_source_bars integer DEFAULT 1, p_ignore_confirmation boolean DEFAULT false)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_minutes        integer;
    v_cursor         timestamptz := p_start_cursor;
    v_previous       timestamptz;
    v_window_end     timestamptz;
    v_source_rows    bigint;
    v_max_source_ts  timestamptz;
    v_windows        integer := 0;
    v_created        integer := 0;
    v_skipped        integer := 0;
    v_reason         text := 'max_windows_reached';
    v_res            jsonb;
BEGIN
    IF p_start_cursor IS NULL THEN
        RAISE EXCEPTION 'catchup_aggregation_range(%, %): the cursor is NULL; bootstrap the task before aggregating', p_symbol, p_timeframe;
    END IF;
    SELECT run_interval_minutes INTO v_minutes FROM data_agg_state WHERE canonical_symbol = p_symbol AND timeframe = p_timeframe;
    IF v_minutes IS NULL THEN
        RAISE EXCEPTION 'catchup_aggregation_range(%, %): no such task in data_agg_state', p_symbol, p_timeframe;
    END IF;

    SELECT max(ts_utc) INTO v_max_source_ts FROM data_bars WHERE canonical_symbol = p_symbol AND timeframe = '1m';
    SELECT count(*) INTO v_source_rows FROM data_bars
     WHERE canonical_symbol = p_symbol AND timeframe = '1m' AND ts_utc >= p_start_cursor;
    IF v_source_rows = 0 THEN
        RETURN jsonb_build_object('success', true, 'windows_processed', 0, 'cursor_advanced_to', p_start_cursor,
                                  'bars_created', 0, 'bars_skipped', 0, 'reason', 'cursor_beyond_source_data',
                                  'max_source_ts', v_max_source_ts);
    END IF;

    WHILE v_windows < p_max_windows LOOP
        v_window_end := v_cursor + make_interval(mins => v_minutes);
        IF v_window_end > p_now THEN
            v_reason := 'window_not_ended';
            EXIT;
        END IF;
        IF v_cursor > v_max_source_ts THEN
            v_reason := 'caught_up_with_source';
            EXIT;
        END IF;
        IF NOT p_ignore_confirmation AND v_max_source_ts < v_window_end THEN
            v_reason := 'window_not_confirmed';
            EXIT;
        END IF;
        v_res := CASE p_timeframe WHEN '5m' THEN aggregate_1m_to_5m_window(p_symbol, v_cursor)
                                  ELSE aggregate_1m_to_1h_window(p_symbol, v_cursor) END;
        IF v_res IS NULL OR NOT (v_res ? 'success' AND v_res ? 'source_count') THEN
            RAISE EXCEPTION 'catchup_aggregation_range(%, %): the window function answered % without the keys success and source_count (its JSON contract changed)',
                p_symbol, p_timeframe, v_res;
        END IF;
        IF (v_res->>'source_count')::integer >= p_min_source_bars THEN
            v_created := v_created + 1;
        ELSE
            v_skipped := v_skipped + 1;
        END IF;
        v_previous := v_cursor;
        v_cursor := v_window_end;
        IF v_cursor <= v_previous THEN
            RAISE EXCEPTION 'catchup_aggregation_range(%, %): cursor monotonicity violated (% -> %)', p_symbol, p_timeframe, v_previous, v_cursor;
        END IF;
        v_windows := v_windows + 1;
    END LOOP;

    UPDATE data_agg_state SET last_agg_bar_ts_utc = v_cursor, updated_at = now()
     WHERE canonical_symbol = p_symbol AND timeframe = p_timeframe;
    RETURN jsonb_build_object('success', true, 'windows_processed', v_windows, 'cursor_advanced_to', v_cursor,
                              'bars_created', v_created, 'bars_skipped', v_skipped, 'reason', v_reason,
                              'max_source_ts', v_max_source_ts);
END
$$;

REVOKE ALL ON FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean) TO aggregator;

COMMIT;
