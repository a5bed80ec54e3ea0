-- §3.1, migrations 003, 005 and 006: the columns the document names, with their type, NOT NULL and default
-- (003: the cache keyed by the composite cache key, expiring, counting hits; 005: a result's identity and cache key;
-- 006: the API's columns). Lists every expected column that is missing or differs (expected: no rows); a NULL default
-- is not compared. Run by hand: psql -f 3.1_columns.sql
WITH expected(table_name, column_name, data_type, not_null, default_value) AS (VALUES
    ('backtest_cache', 'cache_key', 'character varying(64)', true, NULL),
    ('backtest_cache', 'request', 'jsonb', true, NULL),
    ('backtest_cache', 'result_id', 'bigint', false, NULL),
    ('backtest_cache', 'expires_at', 'timestamp with time zone', true, NULL),
    ('backtest_cache', 'hit_count', 'integer', true, '0'),
    ('market_structure_results', 'id', 'bigint', true, 'nextval(''market_structure_results_id_seq''::regclass)'),
    ('market_structure_results', 'algorithm_version', 'text', true, NULL),
    ('market_structure_results', 'params_hash', 'character varying(32)', true, NULL),
    ('market_structure_results', 'cache_key', 'character varying(64)', true, NULL),
    ('market_structure_results', 'status', 'text', true, '''completed''::text'),
    ('market_structure_results', 'equity_curve', 'jsonb', false, NULL),
    ('market_structure_results', 'timeframe', 'text', true, '''1d''::text'),
    ('market_structure_results', 'execution_time_ms', 'integer', false, NULL),
    ('market_structure_results', 'data_points', 'integer', false, NULL),
    ('market_structure_results', 'benchmark_symbol', 'text', false, NULL),
    ('market_structure_results', 'error_message', 'text', false, NULL),
    ('market_structure_results', 'updated_at', 'timestamp with time zone', false, NULL)
)
SELECT e.table_name || '.' || e.column_name AS column_name,
       e.data_type || CASE WHEN e.not_null THEN ' NOT NULL' ELSE ' NULL' END
           || coalesce(' DEFAULT ' || e.default_value, '') AS expected,
       CASE WHEN a.attname IS NULL THEN '(missing)'
            ELSE format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
                 || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') END AS actual
FROM expected e
LEFT JOIN pg_attribute a ON a.attrelid = to_regclass(e.table_name) AND a.attname = e.column_name
                        AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attname IS NULL
   OR format_type(a.atttypid, a.atttypmod) <> e.data_type
   OR a.attnotnull <> e.not_null
   OR (e.default_value IS NOT NULL AND pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM e.default_value)
ORDER BY 1;
-- Expected: 0 rows
-- 003 replaces backtest_cache.request_hash with the composite cache key: the old column is gone.
SELECT attname AS column_name
FROM pg_attribute
WHERE attrelid = to_regclass('backtest_cache') AND attname = 'request_hash' AND attnum > 0 AND NOT attisdropped;
-- Expected: 0 rows
