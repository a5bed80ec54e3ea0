-- Success criterion 3: all 5 functions exist with correct signatures (argument types and result), each SECURITY
-- DEFINER.
SELECT p.proname, oidvectortypes(p.proargtypes) AS argument_types, pg_get_function_result(p.oid) AS result, p.prosecdef
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
  AND p.proname IN ('agg_bootstrap_cursor', 'catchup_aggregation_range', 'agg_finish', 'agg_get_due_tasks', 'sync_agg_state_from_registry')
ORDER BY p.proname;
-- Expected:
--            proname            |                                      argument_types                                       |                                                          result                                                          | prosecdef
-- ------------------------------+-------------------------------------------------------------------------------------------+--------------------------------------------------------------------------------------------------------------------------+-----------
--  agg_bootstrap_cursor         | text, text                                                                                | timestamp with time zone                                                                                                 | t
--  agg_finish                   | text, text, boolean, integer, text, timestamp with time zone                              | void                                                                                                                     | t
--  agg_get_due_tasks            | text, timestamp with time zone, integer, integer                                          | TABLE(canonical_symbol text, timeframe text, last_agg_bar_ts_utc timestamp with time zone, run_interval_minutes integer) | t
--  catchup_aggregation_range    | text, text, timestamp with time zone, integer, timestamp with time zone, integer, boolean | jsonb                                                                                                                    | t
--  sync_agg_state_from_registry | text, timestamp with time zone                                                            | TABLE(success boolean, tasks_inserted integer, tasks_updated integer, tasks_total integer)                               | t
-- (5 rows)
