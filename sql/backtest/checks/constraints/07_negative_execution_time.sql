-- §1.3 "Constraints and validations working": a negative execution time (006's check, NOT VALID but enforced on new rows).
-- rejected by: market_structure_results_execution_time_check
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO market_structure_results (strategy_name, symbol, start_date, end_date, parameters, params_hash, cache_key, status, initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss, execution_time_ms)
VALUES ('MarketStructure', 'AAPL', '2025-09-01', '2025-09-30', '{}', md5('{}'), md5('probe-07'), 'completed', 100000, 101000, 10, 6, 4, 5000, 4000, -1);
