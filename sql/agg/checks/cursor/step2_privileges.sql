-- Step 2 "Expected output: ... DROP FUNCTION, CREATE FUNCTION, REVOKE, GRANT": catchup_aggregation_range after 004.
-- Variables: worker_role (the role the aggregation worker runs as), oid_before (the function's oid before 004).
-- Run by hand: psql -v worker_role=aggregator -v oid_before=0 -f step2_privileges.sql
SELECT p.oid::text <> :'oid_before' AS is_a_new_function_after_drop_and_create
FROM pg_proc p WHERE p.proname = 'catchup_aggregation_range';
-- Expected: t

SELECT coalesce(bool_or(a.grantee = 0), false) AS public_can_execute_despite_revoke_all
FROM pg_proc p CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
WHERE p.proname = 'catchup_aggregation_range' AND a.privilege_type = 'EXECUTE';
-- Expected: f

SELECT coalesce(bool_or(r.rolname = :'worker_role'), false) AS worker_granted_execute
FROM pg_proc p CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE p.proname = 'catchup_aggregation_range' AND a.privilege_type = 'EXECUTE';
-- Expected: t
