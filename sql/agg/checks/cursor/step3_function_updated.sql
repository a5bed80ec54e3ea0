-- Step 3: check the function was updated: both columns true.
SELECT
  p.proname,
  pg_get_functiondef(p.oid) LIKE '%v_source_rows%' as has_source_rows_var,
  pg_get_functiondef(p.oid) LIKE '%IF v_source_rows = 0%' as has_exit_logic
FROM pg_proc p
WHERE p.proname = 'catchup_aggregation_range';
-- Expected:
--           proname          | has_source_rows_var | has_exit_logic
-- ---------------------------+---------------------+----------------
--  catchup_aggregation_range | t                   | t
-- (1 row)
