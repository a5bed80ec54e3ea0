-- The backtest store before migration 003: one row per backtest of the market-structure strategy,
-- and a cache of finished backtests keyed by the request. Run by hand: psql -v ON_ERROR_STOP=1 -f 001_backtest_store.sql
BEGIN;

CREATE TABLE market_structure_results (
    id              bigserial     PRIMARY KEY,
    strategy_name   text          NOT NULL,
    symbol          text          NOT NULL,
    start_date      date          NOT NULL,
    end_date        date          NOT NULL,
    parameters      jsonb         NOT NULL DEFAULT '{}',
    initial_capital numeric(18,2) NOT NULL,
    final_capital   numeric(18,2) NOT NULL,
    total_trades    integer       NOT NULL,
    winning_trades  integer       NOT NULL,
    losing_trades   integer       NOT NULL,
    -- Sums over the winning and the losing trades; gross_loss is positive.
    gross_profit    numeric(18,2) NOT NULL,
    gross_loss      numeric(18,2) NOT NULL,
    -- Fraction of the peak (0.1234 = 12.34 %).
    max_drawdown    numeric(10,6),
    sharpe_ratio    numeric(10,4),
    created_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX market_structure_results_created_at ON market_structure_results (created_at);

CREATE TABLE backtest_cache (
    id           serial      PRIMARY KEY,
    request_hash text        NOT NULL,
    result_json  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX backtest_cache_request_hash ON backtest_cache (request_hash);

-- The application (API and pipeline) connects as backtest_app: it reads and writes both tables.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'backtest_app') THEN
        CREATE ROLE backtest_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another session created it meanwhile (roles are per server)
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON market_structure_results, backtest_cache TO backtest_app;
GRANT USAGE, SELECT ON SEQUENCE market_structure_results_id_seq, backtest_cache_id_seq TO backtest_app;

COMMIT;
