-- CHG-4821: one batch of the status backfill. Needs -v lo=<first id> -v batch=<size>.
UPDATE orders
SET status = CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' ELSE 'shipped' END
WHERE id >= :lo AND id < :lo + :batch
  AND status = 'pending'
  AND (shipped_at IS NOT NULL OR cancelled_at IS NOT NULL);
