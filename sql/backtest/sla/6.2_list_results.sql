-- §6.2 "Results listing (20 items): < 500ms": the newest 20 results of one strategy configuration, as the API lists them.
-- Run by hand: psql -c "SET runbook.strategy = 'MarketStructure'" -c "SET runbook.algorithm_version = 'v2'" \
--                   -c "SET runbook.params_hash = '<md5>'" -f 6.2_list_results.sql
SELECT id, symbol, start_date, end_date, total_return_pct, sharpe_ratio, max_drawdown_pct, win_rate, profit_factor, created_at
FROM market_structure_results
WHERE strategy_name = current_setting('runbook.strategy')
  AND algorithm_version = current_setting('runbook.algorithm_version')
  AND params_hash = current_setting('runbook.params_hash')
ORDER BY created_at DESC
LIMIT 20;
