-- Every 12 hours: any hard_failed tasks. Expected: 0 rows. (Also ALERT 2.)
SELECT * FROM data_agg_state
WHERE status = 'hard_failed';
