CREATE INDEX "usage_events_account_idx" ON "usage_events" USING btree ("account_id","occurred_at");
