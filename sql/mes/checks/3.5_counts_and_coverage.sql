-- Runbook §3.5: the four counts and the min/max of the derived tables, beside the source's coverage.
SELECT (SELECT count(*) FROM mkt_futures_mes_1h)          AS mes_1h,
       (SELECT count(*) FROM mkt_futures_mes_4h)          AS mes_4h,
       (SELECT count(*) FROM mkt_futures_mes_1d)          AS mes_1d,
       (SELECT count(*) FROM mkt_futures_mes_1w)          AS mes_1w,
       (SELECT min("eventTime") FROM mkt_futures_mes_4h)  AS min_4h,
       (SELECT max("eventTime") FROM mkt_futures_mes_4h)  AS max_4h,
       (SELECT min("eventDate") FROM mkt_futures_mes_1w)  AS min_1w,
       (SELECT max("eventDate") FROM mkt_futures_mes_1w)  AS max_1w,
       (SELECT max("eventTime") FROM mkt_futures_mes_1h)  AS max_1h,
       (SELECT max("eventDate") FROM mkt_futures_mes_1d)  AS max_1d;
