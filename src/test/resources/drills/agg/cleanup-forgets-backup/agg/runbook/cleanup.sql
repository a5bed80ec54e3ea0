-- DRILL DEFECT: the cleanup names the wrong table and leaves the backup behind.
DROP TABLE IF EXISTS data_agg_state_backup_20260112;
