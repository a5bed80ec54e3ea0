-- §6.1 after the rebuild: both indexes valid and ready (a failed REINDEX CONCURRENTLY leaves an invalid *_ccnew index
-- behind), no leftover *_ccnew, and when the table was last analyzed. Expected: valid t, ready t, no _ccnew rows.
SELECT c.relname AS index_name, i.indisvalid AS valid, i.indisready AS ready,
       (SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'market_structure_results') AS analyzed
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname = 'market_structure_results'
  AND (c.relname IN ('idx_backtest_cache_key', 'idx_market_structure_algorithm_params_new') OR c.relname LIKE '%ccnew%')
ORDER BY c.relname;
