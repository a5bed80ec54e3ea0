-- §3.5 acceptance: "mkt_futures_mes_4h and mkt_futures_mes_1w counts are non-zero" (the document's own queries).
SELECT count(*) AS mes_4h FROM mkt_futures_mes_4h;
-- Expected: mes_4h > 0
SELECT count(*) AS mes_1w FROM mkt_futures_mes_1w;
-- Expected: mes_1w > 0
