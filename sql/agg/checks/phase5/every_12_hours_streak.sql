-- Every 12 hours: failure streak. Expected: 0 rows. (Also ALERT 3.)
SELECT canonical_symbol, timeframe, hard_fail_streak, last_error
FROM data_agg_state
WHERE hard_fail_streak > 0
ORDER BY hard_fail_streak DESC;
