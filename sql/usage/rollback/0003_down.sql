-- Rollback of 0003_usage_event_windows, as the team can run it (psql -v ON_ERROR_STOP=1 -f ...).
-- The runbook's "pnpm drizzle-kit down --to 0002" does not exist: drizzle-kit has no down command.
-- Restores the pre-0003 schema exactly (index, constraint, columns) and removes 0003's row from drizzle's
-- journal, so that drizzle migrate sees 0003 pending again. Data in the window columns is lost (the runbook
-- states that risk); if two rows now differ only by their window, re-adding the narrower constraint fails and
-- the whole rollback is undone: resolve those rows first.
BEGIN;
SET LOCAL lock_timeout = '5s';
DROP INDEX usage_admin_bucket_idx;
CREATE INDEX "usage_admin_bucket_idx" ON "usage_events" USING btree ("account_id","bucket_start");
ALTER TABLE usage_events DROP CONSTRAINT usage_events_dedupe_key;
ALTER TABLE usage_events ADD CONSTRAINT "usage_events_dedupe_key" UNIQUE("account_id","event_type","bucket_start");
ALTER TABLE usage_events DROP COLUMN window_start, DROP COLUMN window_end, DROP COLUMN ingest_run_id, DROP COLUMN window_granularity;
DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1772236800000;
COMMIT;
