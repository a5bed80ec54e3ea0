-- §6.1 "Database Optimization", as the runbook runs it: the indexes rebuilt CONCURRENTLY (PostgreSQL 12+), so
-- reads and writes go on meanwhile. Each statement on its own, outside a transaction (psql runs a file so).
-- VACUUM ANALYZE is 6.1_vacuum_analyze.sql, run where the environment allows it (backtest.vacuum).
SET lock_timeout = '5s';
ANALYZE market_structure_results;
REINDEX INDEX CONCURRENTLY idx_backtest_cache_key;
REINDEX INDEX CONCURRENTLY idx_market_structure_algorithm_params_new;
