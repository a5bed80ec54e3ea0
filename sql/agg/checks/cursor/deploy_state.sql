-- Which parts of the cursor fix a database holds, read off the catalog (read-only; the runbook's psql files keep no journal):
--   fix_applied:   004 replaced catchup_aggregation_range with the version that stops at the source (step 3's own test)
--   view_deployed: 006 created v_aggregation_frontier_health (step 9)
--   backup_kept:   step 1's backup table data_agg_state_backup_20260111 is there (dropped by hand 48 hours later)
-- Expected on a database before the deploy: f, f (state: not started); after it: t, t (complete). evidence is the
-- report's sentence (for a partial state: what is there, and what to do).
WITH parts AS (
SELECT coalesce(bool_or(pg_get_functiondef(p.oid) LIKE '%IF v_source_rows = 0%'), false) AS fix_applied,
       to_regclass('public.v_aggregation_frontier_health') IS NOT NULL AS view_deployed,
       to_regclass('public.data_agg_state_backup_20260111') IS NOT NULL AS backup_kept
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proname = 'catchup_aggregation_range'
)
SELECT *, CASE WHEN fix_applied AND view_deployed THEN 'complete'
               WHEN NOT fix_applied AND NOT view_deployed THEN 'not started'
               ELSE 'partial' END AS state,
       CASE WHEN fix_applied AND view_deployed
            THEN '004''s catchup_aggregation_range (it stops where the source ends) and 006''s v_aggregation_frontier_health'
                 || ' are on the target'
                 || CASE WHEN backup_kept THEN ', and step 1''s backup table data_agg_state_backup_20260111 is kept' ELSE '' END
            WHEN NOT fix_applied AND NOT view_deployed
            THEN 'catchup_aggregation_range is the version before 004; v_aggregation_frontier_health does not exist'
            WHEN fix_applied
            THEN '004 is applied but 006 is not (v_aggregation_frontier_health is missing): apply'
                 || ' sql/agg/migrations/006_aggregation_monitoring_view.sql with psql (the runbook''s step 9), then re-run to verify.'
            ELSE '006''s v_aggregation_frontier_health exists but 004 is not applied (catchup_aggregation_range is the old'
                 || ' version): the deploy went out of order; a DBA decides whether to apply 004 and 005 by hand.'
       END AS evidence
  FROM parts;
