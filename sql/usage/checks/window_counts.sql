-- Validation 4: the runbook's smoke query, as written.
SELECT COUNT(*) FILTER (WHERE window_start IS NOT NULL) AS buckets_with_windows,
       COUNT(*) FILTER (WHERE window_end IS NULL) AS missing_window_end
FROM usage_events;
