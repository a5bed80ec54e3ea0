-- Step 3 behaviour probe: the five functions are SECURITY DEFINER with search_path = public, so each runs the same
-- whatever search_path its caller has. Called here with search_path = pg_catalog (a caller whose path does not hold
-- public), each must still find its tables and the functions it calls; without SET search_path on a function, its
-- call fails with "relation ... does not exist". Each call's effect is rolled back.
-- accepted
-- probes: catchup_aggregation_range, agg_finish, agg_get_due_tasks, agg_bootstrap_cursor, sync_agg_state_from_registry
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
SET LOCAL search_path = pg_catalog;
SELECT public.agg_bootstrap_cursor('EURUSD', '5m');
SELECT public.catchup_aggregation_range('EURUSD', '5m', s.last_agg_bar_ts_utc, 1, now(), 1, true)
  FROM public.data_agg_state s WHERE s.canonical_symbol = 'EURUSD' AND s.timeframe = '5m' AND s.last_agg_bar_ts_utc IS NOT NULL;
SELECT public.agg_finish('EURUSD', '5m', true, 0, NULL, now());
SELECT count(*) FROM public.agg_get_due_tasks('prod', now(), 1, 100);
SELECT public.sync_agg_state_from_registry('prod', timestamptz '2025-07-01 00:00+00');
