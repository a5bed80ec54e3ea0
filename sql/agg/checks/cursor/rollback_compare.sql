-- After the rollback: rows that differ between data_agg_state and its backup (both directions). Expected: 0 rows.
(SELECT 'only in data_agg_state' AS side, * FROM data_agg_state EXCEPT SELECT 'only in data_agg_state', * FROM data_agg_state_backup_20260111)
UNION ALL
(SELECT 'only in the backup', * FROM data_agg_state_backup_20260111 EXCEPT SELECT 'only in the backup', * FROM data_agg_state);
