-- Step 7: check for any issues. Should return 0 rows.
-- (A task that never succeeded has minutes_since_success NULL: the runbook's "> 60" would let it pass.)
SELECT * FROM v_aggregation_frontier_health
WHERE cursor_status != 'OK'
   OR minutes_since_success IS NULL
   OR minutes_since_success > 60
   OR hard_fail_streak > 0;
