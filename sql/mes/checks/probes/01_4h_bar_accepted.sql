-- §3.5.3 behaviour probe: a well-formed 4h bar at a time no bar holds is stored (the table takes the backfill's rows).
-- accepted
-- probes: mkt_futures_mes_4h_pkey, mkt_futures_mes_4h_eventTime_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_4h (id, "eventTime", open, high, low, close, volume)
VALUES (-1, '2099-01-05 00:00:00+00', 5000.25, 5010.50, 4990.00, 5005.75, 1200);
