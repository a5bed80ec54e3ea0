-- MES schema as it stood before the 4h/1w deploy: the timeframe enum and the two source tables that
-- the Databento ingestion fills (ohlcv-1h, ohlcv-1d). A stand-in's pre-deploy state; never part of a deploy.
--
-- Prices are MES index points (tick 0.25); volume is contracts. "eventTime" is the bar's open time (UTC),
-- "eventDate" the CME trade date (the Sunday-evening session belongs to Monday).

CREATE TYPE "Timeframe" AS ENUM ('M1', 'M5', 'M15', 'H1', 'H4', 'D1');

CREATE TABLE mkt_futures_mes_1h (
    id           BIGSERIAL      PRIMARY KEY,
    "eventTime"  TIMESTAMPTZ(3) NOT NULL,
    open         NUMERIC(12, 2) NOT NULL,
    high         NUMERIC(12, 2) NOT NULL,
    low          NUMERIC(12, 2) NOT NULL,
    close        NUMERIC(12, 2) NOT NULL,
    volume       BIGINT         NOT NULL,
    source       TEXT           NOT NULL DEFAULT 'databento:ohlcv-1h',
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "mkt_futures_mes_1h_eventTime_key" ON mkt_futures_mes_1h ("eventTime");

CREATE TABLE mkt_futures_mes_1d (
    id           BIGSERIAL      PRIMARY KEY,
    "eventDate"  DATE           NOT NULL,
    open         NUMERIC(12, 2) NOT NULL,
    high         NUMERIC(12, 2) NOT NULL,
    low          NUMERIC(12, 2) NOT NULL,
    close        NUMERIC(12, 2) NOT NULL,
    volume       BIGINT         NOT NULL,
    source       TEXT           NOT NULL DEFAULT 'databento:ohlcv-1d',
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "mkt_futures_mes_1d_eventDate_key" ON mkt_futures_mes_1d ("eventDate");
