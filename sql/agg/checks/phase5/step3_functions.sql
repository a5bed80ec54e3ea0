-- Step 3: should return 5 rows (all Phase 5 functions). Expected: 5 functions, all with prosecdef=true.
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
