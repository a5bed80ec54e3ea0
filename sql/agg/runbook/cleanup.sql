-- Cleanup (48 hours after): after verifying everything is stable.
DROP TABLE IF EXISTS data_agg_state_backup_20260111;
