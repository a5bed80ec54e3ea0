-- §1.3 "Constraints and validations working": a result without a cache key (the API looks results up by it).
-- rejected by: not-null market_structure_results.cache_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO market_structure_results (strategy_name, symbol, start_date, end_date, parameters, params_hash, cache_key, status, initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss)
VALUES ('MarketStructure', 'AAPL', '2025-09-01', '2025-09-30', '{}', md5('{}'), NULL, 'completed', 100000, 101000, 10, 6, 4, 5000, 4000);
