-- §6.1 after the rebuild: both indexes valid and ready (a failed REINDEX CONCURRENTLY leaves an invalid *_ccnew index
-- behind), no leftover *_ccnew, and whether the planner has statistics for the table (ANALYZE ran since 005 built it).
-- Each index valid, ready and the table analyzed (t, t, t), and no _ccnew row:
SELECT c.relname AS index_name, i.indisvalid AS valid, i.indisready AS ready,
       EXISTS (SELECT 1 FROM pg_stats WHERE tablename = 'market_structure_results' AND schemaname = current_schema()) AS analyzed
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname = 'market_structure_results'
  AND (c.relname IN ('idx_backtest_cache_key', 'idx_market_structure_algorithm_params_new') OR c.relname LIKE '%ccnew%')
ORDER BY c.relname;
-- Expected:
--                 index_name                 | valid | ready | analyzed
-- -------------------------------------------+-------+-------+----------
--  idx_backtest_cache_key                    | t     | t     | t
--  idx_market_structure_algorithm_params_new | t     | t     | t
-- (2 rows)
