-- Every 1w bar equals the aggregate of its 1d source bars (Monday-based week), exactly; both directions.
-- Expected: 0 rows.
WITH per_day AS (
    SELECT "eventDate" - (extract(isodow FROM "eventDate")::int - 1) AS bucket,
           first_value(open)  OVER w AS open,
           max(high)          OVER w AS high,
           min(low)           OVER w AS low,
           last_value(close)  OVER w AS close,
           sum(volume)        OVER w AS volume
    FROM mkt_futures_mes_1d
    WINDOW w AS (PARTITION BY "eventDate" - (extract(isodow FROM "eventDate")::int - 1) ORDER BY "eventDate"
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
expected AS (SELECT DISTINCT * FROM per_day)
SELECT coalesce(e.bucket, d."eventDate") AS bucket,
       e.open AS expected_open, d.open AS actual_open, e.high AS expected_high, d.high AS actual_high,
       e.low AS expected_low, d.low AS actual_low, e.close AS expected_close, d.close AS actual_close,
       e.volume AS expected_volume, d.volume AS actual_volume
FROM expected e
FULL JOIN mkt_futures_mes_1w d ON d."eventDate" = e.bucket
WHERE (e.open, e.high, e.low, e.close, e.volume) IS DISTINCT FROM (d.open, d.high, d.low, d.close, d.volume)
ORDER BY 1;
