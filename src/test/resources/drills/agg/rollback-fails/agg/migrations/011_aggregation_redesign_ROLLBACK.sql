-- Rollback of 011, as the Phase 5 runbook verifies it: the three columns, the five functions and the
-- index are gone; the rows of data_agg_state stay.
-- NOTE: the runbook's verification expects all five functions gone, including catchup_aggregation_range,
-- agg_finish and agg_get_due_tasks, which existed before 011; after this rollback the worker has no
-- functions to call until they are re-created (004 and the pre-011 definitions).
BEGIN;
SET LOCAL lock_timeout = '5s';

DROP INDEX idx_agg_state_due_priority_v2; -- DRILL DEFECT: the wrong name, without IF EXISTS
DROP FUNCTION IF EXISTS agg_bootstrap_cursor(text, text);
DROP FUNCTION IF EXISTS catchup_aggregation_range(text, text, timestamptz, integer, timestamptz, integer, boolean);
DROP FUNCTION IF EXISTS agg_finish(text, text, boolean, integer, text, timestamptz);
DROP FUNCTION IF EXISTS agg_get_due_tasks(text, timestamptz, integer, integer);
DROP FUNCTION IF EXISTS sync_agg_state_from_registry(text, timestamptz);
ALTER TABLE data_agg_state DROP COLUMN IF EXISTS agg_start_utc,
                           DROP COLUMN IF EXISTS enabled,
                           DROP COLUMN IF EXISTS task_priority;

COMMIT;
