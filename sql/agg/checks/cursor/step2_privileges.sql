-- Step 2 "Expected output: ... REVOKE, GRANT": who may execute catchup_aggregation_range after 004.
-- Setting: runbook.worker_role (the role the aggregation worker runs as).
-- Expected: public_can_execute = f (REVOKE ALL ... FROM PUBLIC), worker_can_execute = t (GRANT EXECUTE ... TO the worker).
SELECT p.oid::regprocedure::text AS function,
       p.oid AS function_oid,
       EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS public_can_execute,
       EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                JOIN pg_roles r ON r.oid = a.grantee
                WHERE r.rolname = current_setting('runbook.worker_role') AND a.privilege_type = 'EXECUTE') AS worker_can_execute
FROM pg_proc p
WHERE p.proname = 'catchup_aggregation_range';
