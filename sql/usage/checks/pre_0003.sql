-- Pre-apply 1: usage_events before 0003: its dedupe key and admin index are there, and no window column yet.
SELECT (SELECT count(*) FROM pg_constraint
         WHERE conrelid = 'usage_events'::regclass AND conname = 'usage_events_dedupe_key')
       + (SELECT count(*) FROM pg_class
           WHERE relname = 'usage_admin_bucket_idx' AND relnamespace = current_schema()::regnamespace)
       AS dedupe_key_and_admin_index;
-- Expected: 2

SELECT count(*) AS window_columns
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'usage_events' AND column_name IN ('window_start', 'window_end');
-- Expected: 0
