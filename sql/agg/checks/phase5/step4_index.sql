-- Step 4: verify index created: 1 row with its definition, on the columns the due-task query filters (enabled,
-- status) and orders by (task_priority, then next_run_at_utc).
SELECT indexname, indexdef
FROM pg_indexes
WHERE tablename = 'data_agg_state'
  AND indexname = 'idx_agg_state_due_priority';
-- Expected:
--          indexname          |                                                            indexdef
-- ----------------------------+--------------------------------------------------------------------------------------------------------------------------------
--  idx_agg_state_due_priority | CREATE INDEX idx_agg_state_due_priority ON public.data_agg_state USING btree (enabled, status, task_priority, next_run_at_utc)
-- (1 row)
