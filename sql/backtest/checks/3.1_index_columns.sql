-- §1.1 / §3.1: the indexes 005 creates, with their columns in order (expected: idx_backtest_cache_key on
-- cache_key, created_at DESC; idx_market_structure_algorithm_params_new on strategy_name, algorithm_version,
-- params_hash, created_at DESC), and whether each is valid. Run by hand: psql -f 3.1_index_columns.sql
SELECT c.relname AS index_name,
       string_agg(pg_get_indexdef(i.indexrelid, k.n, false) || CASE WHEN i.indoption[k.n - 1] & 1 = 1 THEN ' DESC' ELSE '' END, ', ' ORDER BY k.n) AS columns,
       i.indisvalid AS valid
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n)
WHERE t.relname = 'market_structure_results' AND t.relnamespace = current_schema()::regnamespace
  AND c.relname IN ('idx_backtest_cache_key', 'idx_market_structure_algorithm_params_new')
GROUP BY c.relname, i.indisvalid
ORDER BY c.relname;
-- Expected:
--                 index_name                 |                            columns                             | valid
-- -------------------------------------------+----------------------------------------------------------------+-------
--  idx_backtest_cache_key                    | cache_key, created_at DESC                                     | t
--  idx_market_structure_algorithm_params_new | strategy_name, algorithm_version, params_hash, created_at DESC | t
-- (2 rows)
