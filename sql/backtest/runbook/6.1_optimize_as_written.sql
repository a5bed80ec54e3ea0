-- §6.1 "Database Optimization" exactly as the document writes it. Judged by the safety gate before anything runs:
-- REINDEX INDEX without CONCURRENTLY locks out every write to the table (and reads that would use the index) while
-- the index is rebuilt; 6.1_optimize.sql is what the runbook runs instead.
ANALYZE market_structure_results;
REINDEX INDEX idx_backtest_cache_key;
REINDEX INDEX idx_market_structure_algorithm_params_new;
VACUUM ANALYZE market_structure_results;
