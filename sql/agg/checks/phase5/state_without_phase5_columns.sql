-- data_agg_state in its pre-011 columns, as one checksum: "data intact" across the rollback.
SELECT count(*) AS tasks,
       md5(string_agg(concat_ws('|', canonical_symbol, timeframe, source_timeframe, run_interval_minutes, is_mandatory, status,
                                last_agg_bar_ts_utc, next_run_at_utc, last_successful_at_utc, total_runs, total_bars_created,
                                hard_fail_streak, last_error), E'\n' ORDER BY canonical_symbol, timeframe)) AS checksum
FROM data_agg_state;
