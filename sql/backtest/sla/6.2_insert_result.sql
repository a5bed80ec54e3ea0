-- §6.2 "Backtest result insertion: < 100ms": one result as the pipeline stores it (the suite rolls it back).
-- Run by hand inside BEGIN; ... ROLLBACK;
INSERT INTO market_structure_results (strategy_name, algorithm_version, symbol, start_date, end_date, parameters, params_hash, cache_key,
        status, initial_capital, final_capital, net_profit, total_return_pct, total_trades, winning_trades, losing_trades, win_rate,
        loss_rate, gross_profit, gross_loss, profit_factor, max_drawdown, max_drawdown_pct, sharpe_ratio, sortino_ratio, timeframe,
        execution_time_ms, data_points)
VALUES ('MarketStructure', 'v2', 'AAPL', '2025-08-01', '2025-08-02', '{"swing_lookback": 5, "min_swing_pct": 0.5}',
        md5('{"min_swing_pct": 0.5, "swing_lookback": 5}'), md5('sla-insert|' || clock_timestamp()), 'completed', 100000, 104250.75,
        4250.75, 4.2508, 31, 18, 13, 0.5806, 0.4194, 15400.25, 11149.50, 1.3813, 0.0412, 4.1200, 1.4410, 2.0150, '1h', 8421, 7800)
RETURNING id;
