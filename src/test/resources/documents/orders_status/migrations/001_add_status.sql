-- CHG-4821: orders.status
SET lock_timeout = '5s';

BEGIN;
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'pending';
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('pending', 'shipped', 'cancelled')) NOT VALID;
COMMIT;
