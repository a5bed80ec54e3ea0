-- CHG-4821 rollback
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS orders_pending_created_idx;
BEGIN;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_status_check;
ALTER TABLE orders DROP COLUMN IF EXISTS status;
COMMIT;
