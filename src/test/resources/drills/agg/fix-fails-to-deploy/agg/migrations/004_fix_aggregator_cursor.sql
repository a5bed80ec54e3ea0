-- DRILL DEFECT: the deploy names a function signature that does not exist, and fails.
BEGIN;
DROP FUNCTION catchup_aggregation_range(text, text);
COMMIT;
