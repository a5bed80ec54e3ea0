CREATE TABLE "usage_sources" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "source" text;
