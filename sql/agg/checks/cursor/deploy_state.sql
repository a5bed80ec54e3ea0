-- Which parts of the cursor fix a database holds, read off the catalog (read-only; the runbook's psql files keep no journal):
--   fix_applied:   004 replaced catchup_aggregation_range with the version that stops at the source (step 3's own test)
--   view_deployed: 006 created v_aggregation_frontier_health (step 9)
--   backup_kept:   step 1's backup table data_agg_state_backup_20260111 is there (dropped by hand 48 hours later)
-- Expected on a database before the deploy: f, f (state: not started); after it: t, t (complete).
WITH parts AS (
SELECT coalesce(bool_or(pg_get_functiondef(p.oid) LIKE '%IF v_source_rows = 0%'), false) AS fix_applied,
       to_regclass('public.v_aggregation_frontier_health') IS NOT NULL AS view_deployed,
       to_regclass('public.data_agg_state_backup_20260111') IS NOT NULL AS backup_kept
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proname = 'catchup_aggregation_range'
)
SELECT *, CASE WHEN fix_applied AND view_deployed THEN 'complete'
               WHEN NOT fix_applied AND NOT view_deployed THEN 'not started'
               WHEN fix_applied THEN 'partial: 006 missing' ELSE 'partial: 004 missing' END AS state
  FROM parts;
