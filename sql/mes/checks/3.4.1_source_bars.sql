-- §3.4: the source bars the backfill derives from are present (mkt_futures_mes_1h from ohlcv-1h, _1d from ohlcv-1d).
SELECT count(*) AS mes_1h FROM mkt_futures_mes_1h;
-- Expected: mes_1h > 0
SELECT count(*) AS mes_1d FROM mkt_futures_mes_1d;
-- Expected: mes_1d > 0
