-- §6.2 "Cache key lookup: < 50ms": the newest result for a cache key, as the API looks it up.
-- Run by hand: psql -c "SET runbook.cache_key = '<md5>'" -f 6.2_cache_key_lookup.sql
SELECT id, strategy_name, symbol, start_date, end_date, final_capital, total_return_pct, sharpe_ratio, win_rate, created_at
FROM market_structure_results
WHERE cache_key = current_setting('runbook.cache_key')
ORDER BY created_at DESC
LIMIT 1;
