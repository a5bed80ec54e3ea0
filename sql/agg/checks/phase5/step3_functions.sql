-- Step 3: should return 5 rows (all Phase 5 functions), all with prosecdef=true; each with its number of arguments.
SELECT proname, pronargs, prosecdef
FROM pg_proc
WHERE proname IN (
  'agg_bootstrap_cursor',
  'catchup_aggregation_range',
  'agg_finish',
  'agg_get_due_tasks',
  'sync_agg_state_from_registry'
)
ORDER BY proname;
-- Expected:
--            proname            | pronargs | prosecdef
-- ------------------------------+----------+-----------
--  agg_bootstrap_cursor         |        2 | t
--  agg_finish                   |        6 | t
--  agg_get_due_tasks            |        4 | t
--  catchup_aggregation_range    |        7 | t
--  sync_agg_state_from_registry |        2 | t
-- (5 rows)
