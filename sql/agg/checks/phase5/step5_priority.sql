-- Step 5: the document's "1 (all tasks have priority=100)": the one priority is 100.
SELECT min(task_priority) AS priority FROM data_agg_state;
-- Expected: 100
