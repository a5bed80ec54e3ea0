-- CHG-4821: queue index for the pending-orders poller. Must not run inside a transaction.
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_pending_created_idx
    ON orders (created_at)
    WHERE status = 'pending';
