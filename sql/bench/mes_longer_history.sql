-- Benchmark only (StagingScaleBenchmark): a MES source at staging scale from the stand-in's own bars.
-- The bars of sql/mes/fixtures/01_mes_source_bars.sql (Dec 2019 to now) are copied runbook.copies times,
-- each copy 365 weeks (2555 days) further back, so every copy keeps weekdays and sessions; the copies do
-- not overlap (the stand-in spans less than 7 years). Settings: runbook.copies (integer).
INSERT INTO mkt_futures_mes_1h ("eventTime", open, high, low, close, volume)
SELECT h."eventTime" - make_interval(days => 2555 * k), h.open, h.high, h.low, h.close, h.volume
FROM mkt_futures_mes_1h h, generate_series(1, current_setting('runbook.copies')::int) AS k;

INSERT INTO mkt_futures_mes_1d ("eventDate", open, high, low, close, volume)
SELECT d."eventDate" - 2555 * k, d.open, d.high, d.low, d.close, d.volume
FROM mkt_futures_mes_1d d, generate_series(1, current_setting('runbook.copies')::int) AS k;

ANALYZE mkt_futures_mes_1h;
ANALYZE mkt_futures_mes_1d;
