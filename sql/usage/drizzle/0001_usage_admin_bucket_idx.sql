CREATE INDEX "usage_admin_bucket_idx" ON "usage_events" USING btree ("account_id","bucket_start");
