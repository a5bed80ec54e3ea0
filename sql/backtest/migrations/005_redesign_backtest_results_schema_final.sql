-- Migration 005: the redesigned results table, with 78 metric columns in seven categories, the composite
-- cache key the API looks results up by, and the algorithm and parameters a result was computed with.
-- The rows stored before are copied with the values 005 can calculate from what they recorded; the other
-- metrics stay NULL for them. The table is built beside the old one and swapped in within one transaction.
-- Run by hand: psql -v ON_ERROR_STOP=1 -f 005_redesign_backtest_results_schema_final.sql
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '10min';

CREATE TABLE market_structure_results_new (
    id                           bigint        NOT NULL DEFAULT nextval('market_structure_results_id_seq'),
    strategy_name                text          NOT NULL,
    algorithm_version            text          NOT NULL DEFAULT 'v1',
    symbol                       text          NOT NULL,
    start_date                   date          NOT NULL,
    end_date                     date          NOT NULL,
    parameters                   jsonb         NOT NULL DEFAULT '{}',
    -- md5 of parameters::text: the parameter set, comparable by equality.
    params_hash                  varchar(32)   NOT NULL,
    -- md5 of strategy|symbol|start|end|parameters: what the API and the cache look a result up by.
    cache_key                    varchar(64)   NOT NULL,
    status                       text          NOT NULL DEFAULT 'completed',
    initial_capital              numeric(18,2) NOT NULL,
    final_capital                numeric(18,2) NOT NULL,
    -- metrics: returns
    net_profit                   numeric(18,2),
    total_return_pct             numeric(12,4),
    annualized_return_pct        numeric(12,4),
    cagr_pct                     numeric(12,4),
    excess_return_pct            numeric(12,4),
    monthly_return_avg_pct       numeric(12,4),
    monthly_return_std_pct       numeric(12,4),
    best_month_pct               numeric(12,4),
    worst_month_pct              numeric(12,4),
    positive_months_pct          numeric(7,4),
    -- metrics: risk
    max_drawdown                 numeric(10,6),
    max_drawdown_pct             numeric(10,4),
    max_drawdown_duration_days   integer,
    avg_drawdown_pct             numeric(10,4),
    volatility_pct               numeric(12,4),
    downside_deviation_pct       numeric(12,4),
    var_95_pct                   numeric(12,4),
    cvar_95_pct                  numeric(12,4),
    ulcer_index                  numeric(12,4),
    beta                         numeric(10,4),
    alpha_pct                    numeric(12,4),
    correlation                  numeric(6,4),
    recovery_factor              numeric(12,4),
    tail_ratio                   numeric(12,4),
    -- metrics: risk-adjusted returns
    sharpe_ratio                 numeric(10,4),
    sortino_ratio                numeric(10,4),
    calmar_ratio                 numeric(10,4),
    omega_ratio                  numeric(10,4),
    information_ratio            numeric(10,4),
    treynor_ratio                numeric(10,4),
    sterling_ratio               numeric(10,4),
    kelly_fraction               numeric(8,4),
    -- metrics: trades
    total_trades                 integer NOT NULL,
    winning_trades               integer NOT NULL,
    losing_trades                integer NOT NULL,
    breakeven_trades             integer,
    long_trades                  integer,
    short_trades                 integer,
    win_rate                     numeric(5,4),
    loss_rate                    numeric(5,4),
    long_win_rate                numeric(5,4),
    short_win_rate               numeric(5,4),
    gross_profit                 numeric(18,2) NOT NULL,
    gross_loss                   numeric(18,2) NOT NULL,
    profit_factor                numeric(12,4),
    avg_win                      numeric(18,2),
    avg_loss                     numeric(18,2),
    largest_win                  numeric(18,2),
    largest_loss                 numeric(18,2),
    avg_trade_return_pct         numeric(12,4),
    median_trade_return_pct      numeric(12,4),
    expectancy                   numeric(18,2),
    payoff_ratio                 numeric(12,4),
    max_consecutive_wins         integer,
    max_consecutive_losses       integer,
    avg_trade_duration_hours     numeric(12,2),
    avg_winning_duration_hours   numeric(12,2),
    avg_losing_duration_hours    numeric(12,2),
    -- metrics: exposure and costs
    time_in_market_pct           numeric(7,4),
    avg_position_size            numeric(18,2),
    max_position_size            numeric(18,2),
    total_commission             numeric(18,2),
    total_slippage               numeric(18,2),
    turnover                     numeric(12,4),
    avg_leverage                 numeric(8,4),
    max_leverage                 numeric(8,4),
    -- metrics: equity
    peak_equity                  numeric(18,2),
    trough_equity                numeric(18,2),
    -- metrics: market structure
    swing_highs_detected         integer,
    swing_lows_detected          integer,
    bos_signals                  integer,
    choch_signals                integer,
    structure_accuracy_pct       numeric(7,4),
    trend_alignment_pct          numeric(7,4),
    avg_swing_length_bars        numeric(10,2),
    false_breakout_rate          numeric(5,4),
    order_block_hits             integer,
    fvg_fills                    integer,
    equity_curve                 jsonb,
    trades                       jsonb,
    created_at                   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT market_structure_results_new_pkey PRIMARY KEY (id),
    CONSTRAINT market_structure_results_dates_check CHECK (end_date >= start_date),
    CONSTRAINT market_structure_results_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    CONSTRAINT market_structure_results_capital_check CHECK (initial_capital > 0 AND final_capital >= 0),
    CONSTRAINT market_structure_results_trades_check CHECK (winning_trades >= 0 AND losing_trades >= 0
        AND winning_trades + losing_trades <= total_trades),
    CONSTRAINT market_structure_results_rates_check CHECK (win_rate BETWEEN 0 AND 1 AND loss_rate BETWEEN 0 AND 1),
    CONSTRAINT market_structure_results_drawdown_check CHECK (max_drawdown BETWEEN 0 AND 1)
);

-- The rows stored before 005, with what can be calculated from them (rounded as stored).
INSERT INTO market_structure_results_new (id, strategy_name, algorithm_version, symbol, start_date, end_date, parameters, params_hash,
        cache_key, status, initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss,
        max_drawdown, sharpe_ratio, created_at,
        net_profit, total_return_pct, max_drawdown_pct, win_rate, loss_rate, breakeven_trades, profit_factor, avg_win, avg_loss,
        expectancy, payoff_ratio)
SELECT id, strategy_name, 'v1', symbol, start_date, end_date, parameters, md5(parameters::text),
       md5(strategy_name || '|' || symbol || '|' || start_date || '|' || end_date || '|' || parameters::text), 'completed',
       initial_capital, final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss,
       max_drawdown, sharpe_ratio, created_at,
       final_capital - initial_capital,
       round((final_capital - initial_capital) / initial_capital * 100, 4),
       round(max_drawdown * 100, 4),
       CASE WHEN total_trades > 0 THEN round(winning_trades::numeric / total_trades, 4) END,
       CASE WHEN total_trades > 0 THEN round(losing_trades::numeric / total_trades, 4) END,
       total_trades - winning_trades - losing_trades,
       CASE WHEN gross_loss > 0 THEN round(gross_profit / gross_loss, 4) END,
       CASE WHEN winning_trades > 0 THEN round(gross_profit / winning_trades, 2) END,
       CASE WHEN losing_trades > 0 THEN round(gross_loss / losing_trades, 2) END,
       CASE WHEN total_trades > 0 THEN round((gross_profit - gross_loss) / total_trades, 2) END,
       CASE WHEN winning_trades > 0 AND losing_trades > 0 AND gross_loss > 0
            THEN round((gross_profit / winning_trades) / (gross_loss / losing_trades), 4) END
FROM market_structure_results;

-- The id sequence moves to the new table before the old one goes (dropping it would drop the sequence).
ALTER SEQUENCE market_structure_results_id_seq OWNED BY market_structure_results_new.id;

CREATE INDEX idx_market_structure_algorithm_params_new
    ON market_structure_results_new (strategy_name, algorithm_version, params_hash, created_at DESC);

-- gate:allow drop-table reason: its rows were copied into market_structure_results_new above, in this transaction; the runbook compares row count and checksum before and after.
DROP TABLE market_structure_results;
-- The new table takes the old one's name in the transaction that dropped it: readers see one table or the other, never neither.
ALTER TABLE market_structure_results_new RENAME TO market_structure_results;
ALTER TABLE market_structure_results RENAME CONSTRAINT market_structure_results_new_pkey TO market_structure_results_pkey;

-- The composite cache key: the newest result for a key first.
CREATE INDEX idx_backtest_cache_key ON market_structure_results (cache_key, created_at DESC);
CREATE INDEX market_structure_results_created_at ON market_structure_results (created_at);
-- The new table starts with no privileges: the application's, as on the table it replaces (the sequence kept its own).
GRANT SELECT, INSERT, UPDATE, DELETE ON market_structure_results TO backtest_app;

COMMIT;
