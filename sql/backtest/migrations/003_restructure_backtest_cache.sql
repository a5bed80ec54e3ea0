-- Migration 003: cache table restructuring. The cache is keyed by the composite cache key the results
-- table carries from 005 on (strategy, symbol, dates, parameters), expires, and counts its hits.
-- Run by hand: psql -v ON_ERROR_STOP=1 -f 003_restructure_backtest_cache.sql
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '5min';

-- gate:allow drop-table reason: a cache; its rows are disposable and the application refills it on the next request.
DROP TABLE backtest_cache;

CREATE TABLE backtest_cache (
    cache_key     varchar(64) PRIMARY KEY,
    strategy_name text        NOT NULL,
    request       jsonb       NOT NULL,
    result_id     bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    hit_count     integer     NOT NULL DEFAULT 0,
    CONSTRAINT backtest_cache_hit_count_check CHECK (hit_count >= 0),
    CONSTRAINT backtest_cache_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX idx_backtest_cache_expires_at ON backtest_cache (expires_at);
-- The new table starts with no privileges: the application's, as on the table it replaces.
GRANT SELECT, INSERT, UPDATE, DELETE ON backtest_cache TO backtest_app;

COMMIT;
