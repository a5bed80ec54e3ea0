-- §7.1.2 "Check index usage", as the document writes it: pg_stats shows the planner's column statistics (what
-- ANALYZE gathered), not index usage; index usage is 5.1.1_index_usage.sql. Run by hand: psql -f 7.1.2_column_statistics.sql
SELECT schemaname, tablename, attname, n_distinct, correlation
FROM pg_stats
WHERE tablename = 'market_structure_results'
ORDER BY attname;
