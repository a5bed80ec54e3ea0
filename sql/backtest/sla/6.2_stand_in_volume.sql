-- §6.2 on the stand-in only: results enough for an index to matter (runbook.volume rows; the timings are only
-- meaningful at a realistic size). 200 parameter sets of the market-structure strategy over 50 symbols,
-- one result per symbol and set per day, deterministic.
-- Run by hand: psql -c "SET runbook.volume = '300000'" -f 6.2_stand_in_volume.sql
INSERT INTO market_structure_results (strategy_name, algorithm_version, symbol, start_date, end_date, parameters, params_hash, cache_key,
        status, initial_capital, final_capital, net_profit, total_return_pct, total_trades, winning_trades, losing_trades, win_rate,
        loss_rate, gross_profit, gross_loss, max_drawdown, max_drawdown_pct, sharpe_ratio, timeframe, execution_time_ms, data_points, created_at)
SELECT 'MarketStructure', 'v2', 'SYM' || lpad((g % 50)::text, 2, '0'), d, d + 1, p, md5(p::text),
       md5('MarketStructure|SYM' || (g % 50) || '|' || d || '|' || p::text || '|' || g), 'completed', 100000, 100000 + (g % 2001) - 1000,
       (g % 2001) - 1000, ((g % 2001) - 1000) / 1000.0, 20 + g % 30, 10 + g % 10, 10, (10 + g % 10)::numeric / (20 + g % 30) ,
       10.0 / (20 + g % 30), 5000 + g % 997, 4000 + g % 991, (g % 300) / 1000.0, (g % 300) / 10.0, ((g % 400) - 100) / 100.0, '1d',
       500 + g % 5000, 390, timestamptz '2025-09-01 00:00+00' + g * interval '7 seconds'
FROM generate_series(1, current_setting('runbook.volume')::int) AS g,
     LATERAL (SELECT jsonb_build_object('swing_lookback', 3 + (g / 50) % 200 % 10, 'min_swing_pct', ((g / 50) % 200 / 10) * 0.25) AS p,
                     date '2024-01-01' + (g / 10000) AS d) x;
