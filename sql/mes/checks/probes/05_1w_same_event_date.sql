-- §3.5.3 behaviour probe: a second 1w bar on the same eventDate is refused (one bar per week).
-- rejected by: mkt_futures_mes_1w_eventDate_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_1w (id, "eventDate", open, high, low, close, volume)
VALUES (-1, '2099-01-04', 5000.25, 5110.50, 4890.00, 5055.75, 64000),
       (-2, '2099-01-04', 5001.00, 5111.00, 4891.00, 5056.00, 65000);
