-- Rollback procedure: restore the state from the backup.
-- (3. "Revert function ... if needed": the fix is kept; the pre-fix body is in baseline/002_functions.sql.)
BEGIN;

-- 1. Restore state
DELETE FROM data_agg_state;
INSERT INTO data_agg_state
SELECT * FROM data_agg_state_backup_20260111;

-- 2. Verify restore
SELECT COUNT(*) FROM data_agg_state;

COMMIT;
