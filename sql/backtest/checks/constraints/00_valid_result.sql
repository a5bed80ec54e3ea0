-- §1.3 "Constraints and validations working": a well-formed result is accepted (so the rejections below are the constraints', not a broken table).
-- accepted
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back).
INSERT INTO market_structure_results (strategy_name, symbol, start_date, end_date, parameters, params_hash, cache_key, status, initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss, win_rate, max_drawdown, execution_time_ms)
VALUES ('MarketStructure', 'AAPL', '2025-09-01', '2025-09-30', '{"swing_lookback": 5}', md5('{"swing_lookback": 5}'), md5('constraint-probe'),
        'completed', 100000, 101000, 10, 6, 4, 5000, 4000, 0.6, 0.05, 1200);
