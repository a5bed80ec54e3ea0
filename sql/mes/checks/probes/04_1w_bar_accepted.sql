-- §3.5.3 behaviour probe: a well-formed 1w bar at a week no bar holds is stored.
-- accepted
-- probes: mkt_futures_mes_1w_pkey, mkt_futures_mes_1w_eventDate_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_1w (id, "eventDate", open, high, low, close, volume)
VALUES (-1, '2099-01-04', 5000.25, 5110.50, 4890.00, 5055.75, 64000);
