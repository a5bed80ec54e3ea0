-- §1.3 "New columns properly populated with calculated values": every row stored before the deploy (id up to
-- the psql variable max_id) against the metric definitions, computed here from what the row recorded:
-- net profit = final - initial capital; total return % = net profit / initial capital x 100 (4 places);
-- max drawdown % = max drawdown x 100; win/loss rate = winning/losing trades / all trades (4 places, none
-- without trades); breakeven trades = trades neither won nor lost; profit factor = gross profit / gross loss
-- (none without a loss); average win/loss = gross profit/loss per winning/losing trade (2 places);
-- expectancy = (gross profit - gross loss) / trades (2 places); payoff ratio = average win / average loss.
-- Lists each value that differs. Run by hand: psql -v max_id=9223372036854775807 -f 1.3_calculated_values.sql
SELECT r.id, v.column_name, v.stored, v.by_definition
FROM market_structure_results r
CROSS JOIN LATERAL (VALUES
    ('net_profit',       r.net_profit,       r.final_capital - r.initial_capital),
    ('total_return_pct', r.total_return_pct, round((r.final_capital - r.initial_capital) * 100 / r.initial_capital, 4)),
    ('max_drawdown_pct', r.max_drawdown_pct, round(r.max_drawdown * 100, 4)),
    ('win_rate',         r.win_rate,         round(r.winning_trades::numeric / nullif(r.total_trades, 0), 4)),
    ('loss_rate',        r.loss_rate,        round(r.losing_trades::numeric / nullif(r.total_trades, 0), 4)),
    ('breakeven_trades', r.breakeven_trades::numeric, (r.total_trades - r.winning_trades - r.losing_trades)::numeric),
    ('profit_factor',    r.profit_factor,    round(r.gross_profit / nullif(r.gross_loss, 0), 4)),
    ('avg_win',          r.avg_win,          round(r.gross_profit / nullif(r.winning_trades, 0), 2)),
    ('avg_loss',         r.avg_loss,         round(r.gross_loss / nullif(r.losing_trades, 0), 2)),
    ('expectancy',       r.expectancy,       round((r.gross_profit - r.gross_loss) / nullif(r.total_trades, 0), 2)),
    ('payoff_ratio',     r.payoff_ratio,     round((r.gross_profit / nullif(r.winning_trades, 0)) / nullif(r.gross_loss / nullif(r.losing_trades, 0), 0), 4))
) AS v(column_name, stored, by_definition)
WHERE r.id <= :'max_id'::bigint
  AND v.stored IS DISTINCT FROM v.by_definition
ORDER BY r.id, v.column_name
LIMIT 200;
-- Expected: 0 rows
