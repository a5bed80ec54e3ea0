-- usage_events' window columns, which only 0003 adds: present while drizzle.__drizzle_migrations has no row for 0003,
-- they were made by hand or by drizzle-kit push (which writes no journal). Before 0003: 0 rows.
SELECT column_name
FROM information_schema.columns
WHERE table_schema = 'public'
  AND table_name = 'usage_events'
  AND column_name IN ('window_start', 'window_end');
