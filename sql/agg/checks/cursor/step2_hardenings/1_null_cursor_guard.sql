-- Step 2 hardening "NULL cursor guard": a NULL cursor must be refused, not silently started anywhere.
-- probes: catchup_aggregation_range
-- The suite runs this in a transaction it rolls back. Expected: an error saying the cursor is NULL.
-- fails saying: NULL
SELECT catchup_aggregation_range('EURUSD', '5m', NULL, 5, NOW(), 1, true)::text AS result;
