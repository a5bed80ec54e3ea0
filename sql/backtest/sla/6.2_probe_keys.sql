-- §6.2: what the timed queries look up: cache keys of stored results and parameter sets with at least 20
-- results, sampled evenly (by hash, so every run picks the same ones), and the data size measured at.
SELECT (SELECT string_agg(cache_key, ',') FROM (SELECT cache_key FROM market_structure_results ORDER BY md5(id::text) LIMIT 40) k) AS cache_keys,
       (SELECT string_agg(strategy_name || '|' || algorithm_version || '|' || params_hash, ',') FROM (
            SELECT strategy_name, algorithm_version, params_hash FROM market_structure_results
            GROUP BY 1, 2, 3 ORDER BY count(*) DESC, md5(params_hash) LIMIT 10) s) AS configurations,
       (SELECT count(*) FROM market_structure_results) AS row_count,
       pg_size_pretty(pg_total_relation_size('market_structure_results')) AS table_size;
