-- DRILL DEFECT: RESTART IDENTITY forgotten: re-derived bars get new ids.
TRUNCATE TABLE mkt_futures_mes_4h, mkt_futures_mes_1w;
