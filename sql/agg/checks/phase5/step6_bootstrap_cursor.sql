-- Step 6: test agg_bootstrap_cursor. Expected: timestamp = 2025-07-01 00:00:00+00 or later boundary.
SELECT agg_bootstrap_cursor('EURUSD', '5m'::text) AS cursor,
       agg_bootstrap_cursor('EURUSD', '5m'::text) >= '2025-07-01 00:00:00+00' AS not_before_start,
       agg_bootstrap_cursor('EURUSD', '5m'::text) = date_bin('5 minutes', agg_bootstrap_cursor('EURUSD', '5m'::text), '2000-01-01') AS on_boundary;
