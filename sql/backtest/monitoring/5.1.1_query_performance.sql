-- §5.1.1 "Query performance monitoring", corrected: since PostgreSQL 13 pg_stat_statements has mean_exec_time and
-- total_exec_time; the document's mean_time and total_time no longer exist (its query fails with "column does not exist").
-- Needs the pg_stat_statements extension (shared_preload_libraries). Run by hand: psql -f 5.1.1_query_performance.sql
SELECT query, round(mean_exec_time::numeric, 3) AS mean_exec_time_ms, calls, round(total_exec_time::numeric, 3) AS total_exec_time_ms
FROM pg_stat_statements
WHERE query LIKE '%market_structure_results%'
ORDER BY mean_exec_time DESC
LIMIT 50;
