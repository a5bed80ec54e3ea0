ALTER TABLE "usage_events" ADD COLUMN "source" text DEFAULT 'api' NOT NULL;
