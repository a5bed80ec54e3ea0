-- §3.1 "Migration 003, 005, 006 applied": which of them the target holds, judged by what each creates
-- (numbered psql files keep no journal). state: applied, missing, partial (some of its objects only), or missing
-- before an applied one (a later migration applied before it: the missing ones cannot be applied in order).
-- Run by hand: psql -f 3.1_migration_state.sql
WITH col(tbl, name) AS (
    SELECT c.relname, a.attname
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
), idx(name) AS (
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'i'
), signs(migration, file, sign, present) AS (VALUES
    ('003', '003_restructure_backtest_cache.sql', 'backtest_cache.cache_key',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'backtest_cache' AND name = 'cache_key')),
    ('003', '003_restructure_backtest_cache.sql', 'backtest_cache.expires_at',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'backtest_cache' AND name = 'expires_at')),
    ('003', '003_restructure_backtest_cache.sql', 'backtest_cache.request_hash gone',
        NOT EXISTS (SELECT 1 FROM col WHERE tbl = 'backtest_cache' AND name = 'request_hash')),
    ('005', '005_redesign_backtest_results_schema_final.sql', 'market_structure_results.cache_key',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'market_structure_results' AND name = 'cache_key')),
    ('005', '005_redesign_backtest_results_schema_final.sql', 'market_structure_results.win_rate',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'market_structure_results' AND name = 'win_rate')),
    ('005', '005_redesign_backtest_results_schema_final.sql', 'index idx_backtest_cache_key',
        EXISTS (SELECT 1 FROM idx WHERE name = 'idx_backtest_cache_key')),
    ('005', '005_redesign_backtest_results_schema_final.sql', 'index idx_market_structure_algorithm_params_new',
        EXISTS (SELECT 1 FROM idx WHERE name = 'idx_market_structure_algorithm_params_new')),
    ('006', '006_add_missing_api_columns.sql', 'market_structure_results.timeframe',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'market_structure_results' AND name = 'timeframe')),
    ('006', '006_add_missing_api_columns.sql', 'market_structure_results.execution_time_ms',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'market_structure_results' AND name = 'execution_time_ms')),
    ('006', '006_add_missing_api_columns.sql', 'market_structure_results.updated_at',
        EXISTS (SELECT 1 FROM col WHERE tbl = 'market_structure_results' AND name = 'updated_at'))
), judged AS (
SELECT migration, file,
       CASE WHEN bool_and(present) THEN 'applied' WHEN NOT bool_or(present) THEN 'missing' ELSE 'partial' END AS state,
       string_agg(sign || CASE WHEN present THEN ' yes' ELSE ' no' END, ', ' ORDER BY sign) AS evidence
FROM signs GROUP BY migration, file
)
SELECT migration, file,
       CASE WHEN state = 'missing' AND coalesce(bool_or(state = 'applied')
                 OVER (ORDER BY migration ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), false)
            THEN 'missing before an applied one' ELSE state END AS state,
       evidence
FROM judged ORDER BY migration;
