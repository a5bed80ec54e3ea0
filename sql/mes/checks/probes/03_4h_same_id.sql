-- §3.5.3 behaviour probe: two 4h bars with the same id are refused (the primary key holds).
-- rejected by: mkt_futures_mes_4h_pkey
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_4h (id, "eventTime", open, high, low, close, volume)
VALUES (-1, '2099-01-05 00:00:00+00', 5000.25, 5010.50, 4990.00, 5005.75, 1200), (-1, '2099-01-05 04:00:00+00', 5000.25, 5010.50, 4990.00, 5005.75, 1200);
