-- §3.5.3 behaviour probe: a second 4h bar at the same eventTime is refused (one bar per bucket: a re-run of the backfill
-- can never double a bar).
-- rejected by: mkt_futures_mes_4h_eventTime_key
-- Run by hand inside BEGIN; ... ROLLBACK; (the suite always rolls it back). Explicit ids: a rolled-back nextval would still use up ids.
INSERT INTO mkt_futures_mes_4h (id, "eventTime", open, high, low, close, volume)
VALUES (-1, '2099-01-05 00:00:00+00', 5000.25, 5010.50, 4990.00, 5005.75, 1200),
       (-2, '2099-01-05 00:00:00+00', 5001.00, 5011.00, 4991.00, 5006.00, 1300);
