-- Step 2 hardening "JSON contract validation": a window function whose answer lost source_count must stop
-- the run. The suite runs this in a transaction it rolls back. Expected: an error naming the JSON contract.
-- fails saying: JSON contract
CREATE OR REPLACE FUNCTION aggregate_1m_to_5m_window(p_symbol text, p_window_start timestamptz)
RETURNS jsonb LANGUAGE sql AS $$ SELECT '{"success": true, "bar_created": true}'::jsonb $$;

SELECT catchup_aggregation_range('EURUSD', '5m',
       (SELECT date_bin('5 minutes', min(ts_utc), '2000-01-01') FROM data_bars WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m'),
       1, NOW(), 1, true)::text AS result;
