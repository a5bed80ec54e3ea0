-- Step 2: should see all 3 new columns.
-- Expected: agg_start_utc | timestamp with time zone | NO; enabled | boolean | NO; task_priority | integer | NO
SELECT column_name, data_type, is_nullable
FROM information_schema.columns
WHERE table_name = 'data_agg_state'
  AND column_name IN ('agg_start_utc', 'enabled', 'task_priority')
ORDER BY ordinal_position;
