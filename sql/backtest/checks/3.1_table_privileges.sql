-- §1.3 / §3.1 "API endpoints handle enhanced schema": what each role may do on the backtest tables and the results
-- sequence (the application's role above all: a table rebuilt by a migration starts with no privileges).
-- Read before the deploy, as one JSON list, which 3.1_privileges_kept.sql checks after it.
-- Run by hand: psql -f 3.1_table_privileges.sql
SELECT coalesce(json_agg(held ORDER BY grantee, object, privilege), '[]') AS privileges FROM (
SELECT r.rolname AS grantee, c.relname AS object, p.privilege
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
CROSS JOIN pg_roles r
CROSS JOIN LATERAL unnest(CASE WHEN c.relkind = 'S' THEN ARRAY['USAGE', 'SELECT', 'UPDATE']
                               ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END) AS p(privilege)
WHERE c.relname IN ('market_structure_results', 'backtest_cache', 'market_structure_results_id_seq')
  AND r.rolname !~ '^pg_' AND NOT r.rolsuper
  AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(r.oid, c.oid, p.privilege)
           ELSE has_table_privilege(r.oid, c.oid, p.privilege) END
) AS held;
