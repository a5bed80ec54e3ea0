-- DRILL DEFECT: the restore copies the 5m tasks only.
BEGIN;
DELETE FROM data_agg_state;
INSERT INTO data_agg_state
SELECT * FROM data_agg_state_backup_20260111 WHERE timeframe = '5m';
SELECT COUNT(*) FROM data_agg_state;
COMMIT;
