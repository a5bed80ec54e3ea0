-- Step 7: check for any issues. Should return 0 rows.
SELECT * FROM v_aggregation_frontier_health
WHERE cursor_status != 'OK'
   OR minutes_since_success > 60
   OR hard_fail_streak > 0;
