-- Step 1: backup.
CREATE TABLE data_agg_state_backup_20260111 AS
SELECT * FROM data_agg_state;
