-- Derived bars that are not well formed: duplicate buckets, buckets off their boundary (4h: 00/04/08/12/16/20 UTC;
-- 1w: a Monday), OHLC inconsistent (high below open/close or low above them), non-positive price, negative volume.
-- Expected: 0 rows.
SELECT 'mkt_futures_mes_4h' AS "table", "eventTime"::text AS bucket, 'duplicate bucket' AS problem
  FROM mkt_futures_mes_4h GROUP BY "eventTime" HAVING count(*) > 1
UNION ALL
SELECT 'mkt_futures_mes_1w', "eventDate"::text, 'duplicate bucket'
  FROM mkt_futures_mes_1w GROUP BY "eventDate" HAVING count(*) > 1
UNION ALL
SELECT 'mkt_futures_mes_4h', "eventTime"::text, 'not on a 4h UTC boundary'
  FROM mkt_futures_mes_4h WHERE "eventTime" <> date_bin('4 hours', "eventTime", '2000-01-01 00:00+00')
UNION ALL
SELECT 'mkt_futures_mes_1w', "eventDate"::text, 'not a Monday'
  FROM mkt_futures_mes_1w WHERE extract(isodow FROM "eventDate") <> 1
UNION ALL
SELECT 'mkt_futures_mes_4h', "eventTime"::text, 'OHLC inconsistent: ' || concat_ws(' / ', open, high, low, close)
  FROM mkt_futures_mes_4h WHERE high < greatest(open, close) OR low > least(open, close) OR low <= 0 OR volume < 0
UNION ALL
SELECT 'mkt_futures_mes_1w', "eventDate"::text, 'OHLC inconsistent: ' || concat_ws(' / ', open, high, low, close)
  FROM mkt_futures_mes_1w WHERE high < greatest(open, close) OR low > least(open, close) OR low <= 0 OR volume < 0
ORDER BY 1, 2;
