-- Pre-flight 2: the window functions return source_count. Must contain: 'source_count',v_cnt in RETURN statements.
SELECT proname, prosrc LIKE '%''source_count'',v_cnt%' AS returns_source_count
FROM pg_proc WHERE proname = 'aggregate_1m_to_5m_window';
-- Expected: returns_source_count = true
