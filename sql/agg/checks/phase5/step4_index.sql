-- Step 4: verify index created. Expected: 1 row with index definition.
SELECT indexname, indexdef
FROM pg_indexes
WHERE tablename = 'data_agg_state'
  AND indexname = 'idx_agg_state_due_priority';
