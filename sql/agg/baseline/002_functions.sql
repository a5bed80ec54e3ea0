-- Aggregation functions as they stood before the cursor fix (004).
--
-- Contracts (JSON, jsonb):
--   aggregate_1m_to_5m_window / _1h_window(symbol, window_start)
--       -> {"success": true, "bar_created": bool, "source_count": n}   writes the bar when n > 0
--   catchup_aggregation_range(symbol, timeframe, start_cursor, max_windows, now, min_source_bars, ignore_confirmation)
--       -> {"success", "windows_processed", "cursor_advanced_to", "bars_created", "bars_skipped"}
--       aggregates windows from the cursor and stores the new cursor in data_agg_state.
--   agg_get_due_tasks(env, now, limit, max_running) -> the due idle tasks, claimed (status 'running').
--   agg_finish(symbol, timeframe, success, bars_created, error, now) -> records a run's outcome.
--
-- THE BUG: catchup_aggregation_range walks max_windows windows whatever the source holds: it neither
-- stops at the newest 1m bar nor at p_now, so an idle task's cursor runs ahead of its source data (into
-- the future), and bars that arrive later behind the cursor are never aggregated (bars_per_run ~0.01).

-- Writes one derived bar from the 1m bars of [p_start, p_start + p_minutes); returns how many there were.
CREATE FUNCTION agg_write_window(p_symbol text, p_timeframe text, p_start timestamptz, p_minutes integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_cnt integer;
BEGIN
    SELECT count(*) INTO v_cnt FROM data_bars
     WHERE canonical_symbol = p_symbol AND timeframe = '1m'
       AND ts_utc >= p_start AND ts_utc < p_start + make_interval(mins => p_minutes);
    IF v_cnt > 0 THEN
        INSERT INTO derived_data_bars AS d (canonical_symbol, timeframe, ts_utc, open, high, low, close, volume, source_count, quality_score)
        SELECT p_symbol, p_timeframe, p_start,
               (array_agg(open ORDER BY ts_utc))[1], max(high), min(low), (array_agg(close ORDER BY ts_utc DESC))[1], sum(volume),
               v_cnt, least(1, v_cnt::numeric / p_minutes)
          FROM data_bars
         WHERE canonical_symbol = p_symbol AND timeframe = '1m'
           AND ts_utc >= p_start AND ts_utc < p_start + make_interval(mins => p_minutes)
        ON CONFLICT (canonical_symbol, timeframe, ts_utc) DO UPDATE
            SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume,
                source_count = excluded.source_count, quality_score = excluded.quality_score, updated_at = now(), deleted_at = NULL;
    END IF;
    RETURN v_cnt;
END
$$;

CREATE FUNCTION aggregate_1m_to_5m_window(p_symbol text, p_window_start timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_cnt integer;
BEGIN
    v_cnt := agg_write_window(p_symbol, '5m', p_window_start, 5);
    RETURN jsonb_build_object('success', true, 'bar_created', v_cnt > 0, 'source_count',v_cnt);
END
$$;

CREATE FUNCTION aggregate_1m_to_1h_window(p_symbol text, p_window_start timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_cnt integer;
BEGIN
    v_cnt := agg_write_window(p_symbol, '1h', p_window_start, 60);
    RETURN jsonb_build_object('success', true, 'bar_created', v_cnt > 0, 'source_count',v_cnt);
END
$$;

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

CREATE FUNCTION agg_get_due_tasks(p_env text, p_now timestamptz, p_limit integer, p_max_running integer)
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

CREATE FUNCTION agg_finish(p_symbol text, p_timeframe text, p_success boolean, p_bars_created integer,
                           p_error text, p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_agg_state
       SET status = CASE WHEN p_success THEN 'idle' WHEN hard_fail_streak + 1 >= 3 THEN 'hard_failed' ELSE 'idle' END,
           total_runs = total_runs + 1,
           total_bars_created = total_bars_created + CASE WHEN p_success THEN p_bars_created ELSE 0 END,
           last_successful_at_utc = CASE WHEN p_success THEN p_now ELSE last_successful_at_utc END,
           hard_fail_streak = CASE WHEN p_success THEN 0 ELSE hard_fail_streak + 1 END,
           last_error = CASE WHEN p_success THEN NULL ELSE p_error END,
           running_since_utc = NULL,
           next_run_at_utc = p_now + make_interval(mins => run_interval_minutes),
           updated_at = now()
     WHERE canonical_symbol = p_symbol AND timeframe = p_timeframe;
END
$$;
