-- Café comment saved as Latin-1
-- MES 4h/1w deploy (runbook mes-4h-1w-deploy.md; Prisma migration 20260227153000_add_mes_4h_1w_tables).
-- Additive only: one enum value, two new tables, their indexes.

ALTER TYPE "Timeframe" ADD VALUE IF NOT EXISTS 'W1';

CREATE TABLE mkt_futures_mes_4h (
    id           BIGSERIAL      PRIMARY KEY,
    "eventTime"  TIMESTAMPTZ(3) NOT NULL,
    open         NUMERIC(12, 2) NOT NULL,
    high         NUMERIC(12, 2) NOT NULL,
    low          NUMERIC(12, 2) NOT NULL,
    close        NUMERIC(12, 2) NOT NULL,
    volume       BIGINT         NOT NULL,
    source       TEXT           NOT NULL DEFAULT 'derived:mkt_futures_mes_1h',
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "mkt_futures_mes_4h_eventTime_key" ON mkt_futures_mes_4h ("eventTime");

CREATE TABLE mkt_futures_mes_1w (
    id           BIGSERIAL      PRIMARY KEY,
    "eventDate"  DATE           NOT NULL,
    open         NUMERIC(12, 2) NOT NULL,
    high         NUMERIC(12, 2) NOT NULL,
    low          NUMERIC(12, 2) NOT NULL,
    close        NUMERIC(12, 2) NOT NULL,
    volume       BIGINT         NOT NULL,
    source       TEXT           NOT NULL DEFAULT 'derived:mkt_futures_mes_1d',
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "mkt_futures_mes_1w_eventDate_key" ON mkt_futures_mes_1w ("eventDate");
