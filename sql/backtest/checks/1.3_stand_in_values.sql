-- §1.3 on the stand-in: the six results stored before the deploy (sql/backtest/fixtures/010_existing_results.sql)
-- with the exact values 005 must give them, worked out by hand from the fixture. Rows are matched by id, symbol
-- and created_at, so on a database without them the query returns nothing. verdict: ok or WRONG.
-- Run by hand: psql -f 1.3_stand_in_values.sql
WITH expected(id, symbol, created_at, net_profit, total_return_pct, max_drawdown_pct, win_rate, loss_rate, breakeven_trades,
        profit_factor, avg_win, avg_loss, expectancy, payoff_ratio) AS (VALUES
    (1, 'AAPL', timestamptz '2025-08-03 09:15:00+00', 12500.00, 12.5000, 8.3500::numeric, 0.6000::numeric, 0.4000::numeric, 0,
        1.7143::numeric, 1250.00::numeric, 1093.75::numeric, 312.50::numeric, 1.1429::numeric),
    (2, 'MSFT', '2025-08-03 09:16:30+00', -3200.00, -3.2000, 12.1000, 0.3600, 0.6400, 0, 0.7778, 1244.44, 900.00, -128.00, 1.3827),
    (3, 'NVDA', '2025-08-04 14:00:00+00', 11230.55, 22.4611, 1.5000, 1.0000, 0.0000, 0, NULL, 935.88, NULL, 935.88, NULL),
    (4, 'TSLA', '2025-08-04 14:02:10+00', 0.00, 0.0000, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL),
    (5, 'SPY', '2025-08-05 07:45:00+00', 11437.40, 4.5750, 4.2170, 0.5057, 0.4483, 4, 1.2440, 1325.27, 1201.91, 131.46, 1.1026),
    (6, 'QQQ', '2025-08-05 07:47:00+00', -6881.25, -2.7525, 6.8800, 0.4396, 0.5604, 0, 0.8532, 1000.16, 919.36, -75.62, 1.0879)
)
SELECT e.id, e.symbol, v.column_name, v.expected, v.actual,
       CASE WHEN v.expected IS NOT DISTINCT FROM v.actual THEN 'ok' ELSE 'WRONG' END AS verdict
FROM expected e
JOIN market_structure_results r ON r.id = e.id AND r.symbol = e.symbol AND r.created_at = e.created_at
CROSS JOIN LATERAL (VALUES
    ('net_profit', e.net_profit, r.net_profit), ('total_return_pct', e.total_return_pct, r.total_return_pct),
    ('max_drawdown_pct', e.max_drawdown_pct, r.max_drawdown_pct), ('win_rate', e.win_rate, r.win_rate),
    ('loss_rate', e.loss_rate, r.loss_rate), ('breakeven_trades', e.breakeven_trades::numeric, r.breakeven_trades::numeric),
    ('profit_factor', e.profit_factor, r.profit_factor), ('avg_win', e.avg_win, r.avg_win), ('avg_loss', e.avg_loss, r.avg_loss),
    ('expectancy', e.expectancy, r.expectancy), ('payoff_ratio', e.payoff_ratio, r.payoff_ratio)
) AS v(column_name, expected, actual)
ORDER BY e.id, v.column_name;
-- Expected: ALL verdict = ok
