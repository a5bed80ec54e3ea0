-- 005: move every cursor that ran ahead of its source back to where real data was last aggregated.
-- Reset condition (tightened): cursor >= newest 1m bar of the symbol, or cursor NULL. The new cursor is
-- the window after the last derived bar built from source rows, and never later than the newest 1m
-- bar's window; a task with no derived bar starts one day before its newest 1m bar.
-- Post-reset validation raises (and so rolls everything back) if any cursor is still ahead.
BEGIN;

CREATE TEMP TABLE reset_targets ON COMMIT DROP AS
SELECT s.canonical_symbol, s.timeframe,
       least(
           coalesce((SELECT max(d.ts_utc) FROM derived_data_bars d
                      WHERE d.canonical_symbol = s.canonical_symbol AND d.timeframe = s.timeframe
                        AND d.deleted_at IS NULL AND d.source_count > 0) + make_interval(mins => s.run_interval_minutes),
                    date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m - interval '1 day', '2000-01-01')),
           date_bin(make_interval(mins => s.run_interval_minutes), l.latest_1m, '2000-01-01')) AS new_cursor
FROM data_agg_state s
JOIN (SELECT canonical_symbol, max(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY 1) l USING (canonical_symbol)
WHERE s.last_agg_bar_ts_utc IS NULL OR s.last_agg_bar_ts_utc >= l.latest_1m;

UPDATE data_agg_state s SET last_agg_bar_ts_utc = r.new_cursor, updated_at = now()
  FROM reset_targets r
 WHERE s.canonical_symbol = r.canonical_symbol AND s.timeframe = r.timeframe AND s.timeframe = '5m';

-- DRILL DEFECT: the 1h reset is missing; the script's own validation must stop it.

DO $$
DECLARE
    v_cursor timestamptz;
    v_max    timestamptz;
BEGIN
    SELECT last_agg_bar_ts_utc INTO v_cursor FROM data_agg_state WHERE canonical_symbol = 'DXY' AND timeframe = '5m';
    SELECT max(ts_utc) INTO v_max FROM data_bars WHERE canonical_symbol = 'DXY' AND timeframe = '1m';
    IF v_cursor IS NULL OR v_cursor > v_max THEN
        RAISE EXCEPTION 'DXY cursor still invalid after reset: cursor=%, max_source=%', v_cursor, v_max;
    END IF;
    RAISE NOTICE 'DXY cursor reset successfully: cursor=%, max_source=%', v_cursor, v_max;
END
$$;

DO $$
BEGIN
    RAISE NOTICE 'Cursor reset complete: 5m tasks=%, 1h tasks=%',
        (SELECT count(*) FROM reset_targets WHERE timeframe = '5m'), (SELECT count(*) FROM reset_targets WHERE timeframe = '1h');
END
$$;

DO $$
DECLARE
    v_ahead integer;
BEGIN
    SELECT count(*) INTO v_ahead
      FROM data_agg_state s
      JOIN (SELECT canonical_symbol, max(ts_utc) AS latest_1m FROM data_bars WHERE timeframe = '1m' GROUP BY 1) l USING (canonical_symbol)
     WHERE s.last_agg_bar_ts_utc IS NULL OR s.last_agg_bar_ts_utc > l.latest_1m;
    IF v_ahead > 0 THEN
        RAISE EXCEPTION 'Post-reset validation failed: % cursors still ahead of their source', v_ahead;
    END IF;
    RAISE NOTICE 'Post-reset validation: All cursors within valid range';
END
$$;

COMMIT;
