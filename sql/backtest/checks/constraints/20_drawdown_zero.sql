-- §1.3 "Constraints and validations working": a max drawdown of exactly 0 (allowed).
-- accepted
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO market_structure_results (strategy_name, symbol, start_date, end_date, parameters, params_hash, cache_key, status, initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss, win_rate, loss_rate, max_drawdown, execution_time_ms, data_points)
VALUES ('MarketStructure', 'AAPL', '2025-09-01', '2025-09-30', '{}', md5('{}'), md5('probe-20'), 'completed', 100000, 101000, 10, 6, 4, 5000, 4000, 0.6, 0.4, 0, 1200, 100);
