-- Step 6: test agg_get_due_tasks (it claims tasks: the suite rolls this back).
-- Expected: depends on current state (0 if all running, up to 10 if idle).
SELECT COUNT(*) as due_tasks FROM agg_get_due_tasks('prod', NOW(), 10, 10);
