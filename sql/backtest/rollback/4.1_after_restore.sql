-- §4.1 after the full backup is restored: fresh planner statistics for the restored tables (a restore leaves none).
-- The backup cleared search_path (pg_dump writes set_config('search_path', '', false)): back to the default first.
RESET search_path;
ANALYZE market_structure_results;
ANALYZE backtest_cache;
