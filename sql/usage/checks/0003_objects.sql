-- Validation 1-2: what 0003 made, on a deploy and on a verification run alike: the window and metadata columns, the
-- dedupe key widened to the window (NULLS NOT DISTINCT), and its two indexes (their columns are Validation 3's).
SELECT column_name, data_type
FROM information_schema.columns
WHERE table_name = 'usage_events' AND column_name IN ('window_start', 'window_end', 'ingest_run_id', 'window_granularity')
ORDER BY column_name;
-- Expected:
--     column_name     |        data_type
-- --------------------+--------------------------
--  ingest_run_id      | text
--  window_end         | timestamp with time zone
--  window_granularity | text
--  window_start       | timestamp with time zone
-- (4 rows)

-- The key's definition starts so (whether it is deferred is the probes' to show, step 06).
SELECT pg_get_constraintdef(oid) LIKE 'UNIQUE NULLS NOT DISTINCT (account_id, event_type, bucket_start, window_start, window_end)%'
       AS dedupe_key_widened_to_the_window
FROM pg_constraint WHERE conname = 'usage_events_dedupe_key';
-- Expected: t

SELECT indexname FROM pg_indexes
WHERE tablename = 'usage_events' AND indexname IN ('usage_events_dedupe_key', 'usage_admin_bucket_idx')
ORDER BY indexname;
-- Expected:
--         indexname
-- -------------------------
--  usage_admin_bucket_idx
--  usage_events_dedupe_key
-- (2 rows)
