-- §3.5.3 behaviour probe: two 1w bars with the same id are refused (the primary key holds).
-- rejected by: mkt_futures_mes_1w_pkey
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_1w (id, "eventDate", open, high, low, close, volume)
VALUES (-1, '2099-01-04', 5000.25, 5110.50, 4890.00, 5055.75, 64000), (-1, '2099-01-11', 5000.25, 5110.50, 4890.00, 5055.75, 64000);
