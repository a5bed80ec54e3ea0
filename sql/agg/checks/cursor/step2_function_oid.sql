-- Step 2: catchup_aggregation_range's oid before 004 (DROP FUNCTION + CREATE FUNCTION gives it a new one).
SELECT p.oid AS function_oid FROM pg_proc p WHERE p.proname = 'catchup_aggregation_range';
