-- Step 1: verify the backup, beside the live table it copies.
SELECT (SELECT COUNT(*) FROM data_agg_state_backup_20260111) AS count,
       (SELECT COUNT(DISTINCT canonical_symbol || timeframe) FROM data_agg_state_backup_20260111) AS unique_tasks,
       (SELECT COUNT(*) FROM data_agg_state) AS live_count,
       (SELECT COUNT(*) FROM (SELECT * FROM data_agg_state EXCEPT SELECT * FROM data_agg_state_backup_20260111) d) AS rows_not_in_backup;
