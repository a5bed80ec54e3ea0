-- DRILL DEFECT: the backup copies the 5m tasks only.
CREATE TABLE data_agg_state_backup_20260111 AS
SELECT * FROM data_agg_state WHERE timeframe = '5m';
