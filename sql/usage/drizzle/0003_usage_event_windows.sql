-- 0003: daily ingestion windows. Each usage row may now say which ingestion window produced it
-- (window_start, window_end) and with which run and granularity (the metadata columns), so a daily window
-- backfill can be deduplicated per window and the admin bucket view can filter by window.
--
-- Choices (the migration runs inside drizzle's single transaction, so CONCURRENTLY is not available):
-- * the new columns are nullable without defaults: adding them rewrites nothing, and rows ingested before
--   windows existed keep NULL windows (the smoke query counts them as missing_window_end);
-- * the dedupe constraint is widened to the window columns with NULLS NOT DISTINCT (PostgreSQL 15+), so two
--   rows of the same bucket without a window still collide, exactly as before; it is rebuilt under lock;
-- * usage_admin_bucket_idx is rebuilt with the window and metadata columns after its leading columns.
SET lock_timeout = '5s';
--> statement-breakpoint
SET statement_timeout = '60s';
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "window_start" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "window_end" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "ingest_run_id" text;
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "window_granularity" text;
--> statement-breakpoint
-- gate:allow drop-constraint reason: replaced in this statement's transaction by the widened constraint of the same name; ingestion is paused during the apply (runbook prerequisites)
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_dedupe_key";
--> statement-breakpoint
-- gate:allow unique-under-lock reason: usage_events holds tens of thousands of rows on staging; the index builds in well under lock_timeout while ingestion is paused, and drizzle's single transaction rules out CONCURRENTLY
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_dedupe_key" UNIQUE NULLS NOT DISTINCT("account_id","event_type","bucket_start","window_start","window_end");
--> statement-breakpoint
-- gate:allow drop-index reason: rebuilt at once below with the window and metadata columns; only the admin view reads it
-- gate:allow index-without-concurrently reason: rebuilt at once below; drizzle's single transaction rules out CONCURRENTLY; ingestion is paused
DROP INDEX "usage_admin_bucket_idx";
--> statement-breakpoint
-- gate:allow index-without-concurrently reason: drizzle's single transaction rules out CONCURRENTLY; tens of thousands of rows, ingestion paused
CREATE INDEX "usage_admin_bucket_idx" ON "usage_events" USING btree ("account_id","bucket_start","window_start","window_end","ingest_run_id","window_granularity");
