-- §5.1.1 "Index usage monitoring", corrected: pg_stat_user_indexes names the index indexrelname; the document's
-- indexname is pg_indexes' column (its query fails with "column does not exist"). idx_scan added: how often each was used.
-- Run by hand: psql -f 5.1.1_index_usage.sql
SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch
FROM pg_stat_user_indexes
WHERE relname = 'market_structure_results'
ORDER BY indexrelname;
