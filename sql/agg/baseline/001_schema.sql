-- Aggregation system as it stood before the cursor fix (004): 1m source bars, derived 5m/1h bars,
-- the task registry, and one aggregation task (cursor + run statistics) per symbol and timeframe.
-- The worker connects as the role aggregator (roles are per server: created once, kept).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aggregator') THEN
        CREATE ROLE aggregator NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- another session created it meanwhile (roles are per server)
END
$$;

CREATE TABLE data_bars (
    canonical_symbol text        NOT NULL,
    timeframe        text        NOT NULL CHECK (timeframe = '1m'),
    ts_utc           timestamptz NOT NULL,          -- the bar's open time
    open             numeric(18, 6) NOT NULL,
    high             numeric(18, 6) NOT NULL,
    low              numeric(18, 6) NOT NULL,
    close            numeric(18, 6) NOT NULL,
    volume           numeric(20, 4) NOT NULL DEFAULT 0,
    ingested_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (canonical_symbol, timeframe, ts_utc)
);

CREATE TABLE derived_data_bars (
    canonical_symbol text        NOT NULL,
    timeframe        text        NOT NULL CHECK (timeframe IN ('5m', '1h')),
    ts_utc           timestamptz NOT NULL,          -- the window's start
    open             numeric(18, 6) NOT NULL,
    high             numeric(18, 6) NOT NULL,
    low              numeric(18, 6) NOT NULL,
    close            numeric(18, 6) NOT NULL,
    volume           numeric(20, 4) NOT NULL,
    source_count     integer     NOT NULL,          -- 1m bars aggregated
    quality_score    numeric(5, 4) NOT NULL,        -- source_count / minutes in the window, at most 1
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    PRIMARY KEY (canonical_symbol, timeframe, ts_utc)
);

-- What should be aggregated, per environment; sync_agg_state_from_registry (Phase 5) reads it.
CREATE TABLE agg_task_registry (
    env_name             text    NOT NULL,
    canonical_symbol     text    NOT NULL,
    timeframe            text    NOT NULL,
    source_timeframe     text    NOT NULL DEFAULT '1m',
    run_interval_minutes integer NOT NULL,
    is_mandatory         boolean NOT NULL DEFAULT true,
    active               boolean NOT NULL DEFAULT true,
    PRIMARY KEY (env_name, canonical_symbol, timeframe)
);

-- One aggregation task per symbol and timeframe. last_agg_bar_ts_utc is the cursor: the start of the
-- next window to aggregate.
CREATE TABLE data_agg_state (
    canonical_symbol       text        NOT NULL,
    timeframe              text        NOT NULL,
    source_timeframe       text        NOT NULL DEFAULT '1m',
    run_interval_minutes   integer     NOT NULL,
    is_mandatory           boolean     NOT NULL DEFAULT true,
    status                 text        NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'hard_failed')),
    last_agg_bar_ts_utc    timestamptz,
    next_run_at_utc        timestamptz NOT NULL DEFAULT now(),
    running_since_utc      timestamptz,
    last_attempt_at_utc    timestamptz,
    last_successful_at_utc timestamptz,
    total_runs             bigint      NOT NULL DEFAULT 0,
    total_bars_created     bigint      NOT NULL DEFAULT 0,
    hard_fail_streak       integer     NOT NULL DEFAULT 0,
    last_error             text,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (canonical_symbol, timeframe)
);
