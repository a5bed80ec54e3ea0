-- The aggregation worker's totals over every task: how many runs it made and bars it created, each task's bars
-- and the newest 1m source bar. Read-only. Run by hand: psql -f worker_totals.sql
SELECT sum(total_runs) AS runs, sum(total_bars_created) AS bars, sum(hard_fail_streak) AS streaks,
       (SELECT max(ts_utc) FROM data_bars) AS newest_1m
FROM data_agg_state;
