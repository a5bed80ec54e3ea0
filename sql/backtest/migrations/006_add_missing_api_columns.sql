-- Migration 006: the columns the API returns that 005 left out. All nullable or with a constant default,
-- so adding them rewrites nothing; the check on existing rows is added NOT VALID (they have no value yet).
-- Run by hand: psql -v ON_ERROR_STOP=1 -f 006_add_missing_api_columns.sql
BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '1min';

ALTER TABLE market_structure_results
    ADD COLUMN timeframe         text NOT NULL DEFAULT '1d',
    ADD COLUMN execution_time_ms integer,
    ADD COLUMN data_points       integer,
    ADD COLUMN benchmark_symbol  text,
    ADD COLUMN error_message     text,
    ADD COLUMN updated_at        timestamptz;

ALTER TABLE market_structure_results
    ADD CONSTRAINT market_structure_results_execution_time_check CHECK (execution_time_ms >= 0 AND data_points >= 0) NOT VALID;

COMMIT;
