-- §1.3 / §3.1: every privilege a role held on the backtest tables before the deploy, held after it (a table a migration
-- rebuilds starts with none: the application would fail with 'permission denied'). Variable: before, what
-- 3.1_table_privileges.sql read before the deploy. Lists each privilege lost.
-- Run by hand: psql -v before="$(psql -Atf 3.1_table_privileges.sql)" -f 3.1_privileges_kept.sql
SELECT b.grantee || ' ' || b.privilege || ' on ' || b.object AS privilege_held_before_the_deploy_and_gone_after_it
FROM json_to_recordset(:'before'::json) AS b(grantee text, object text, privilege text)
LEFT JOIN pg_roles r ON r.rolname = b.grantee
LEFT JOIN pg_class c ON c.oid = to_regclass(quote_ident(b.object))
WHERE r.oid IS NULL OR c.oid IS NULL
   OR NOT CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(r.oid, c.oid, b.privilege)
               ELSE has_table_privilege(r.oid, c.oid, b.privilege) END
ORDER BY 1;
-- Expected: 0 rows
