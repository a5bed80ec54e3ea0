-- Step 6: test sync_agg_state_from_registry (it may insert tasks: the suite rolls this back).
-- Expected: result set with success=true and task counts.
SELECT * FROM sync_agg_state_from_registry('prod', '2025-07-01 00:00:00+00'::timestamptz);
