-- Every 4h bar equals the aggregate of its 1h source bars, exactly; no 4h bar without source, no source bucket
-- without a 4h bar. Recomputed with window functions, independently of the backfill's array_agg formulation.
-- Expected: 0 rows.
WITH per_hour AS (
    SELECT date_bin('4 hours', "eventTime", '2000-01-01 00:00+00') AS bucket,
           first_value(open)  OVER w AS open,
           max(high)          OVER w AS high,
           min(low)           OVER w AS low,
           last_value(close)  OVER w AS close,
           sum(volume)        OVER w AS volume,
           row_number()       OVER w AS nth
    FROM mkt_futures_mes_1h
    WINDOW w AS (PARTITION BY date_bin('4 hours', "eventTime", '2000-01-01 00:00+00') ORDER BY "eventTime"
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
-- Every hour of a bucket carries the same whole-bucket values: its first hour stands for it (no DISTINCT over
-- every source row, which spilled to disk at staging scale).
expected AS (SELECT bucket, open, high, low, close, volume FROM per_hour WHERE nth = 1)
SELECT coalesce(e.bucket, d."eventTime") AS bucket,
       e.open AS expected_open, d.open AS actual_open, e.high AS expected_high, d.high AS actual_high,
       e.low AS expected_low, d.low AS actual_low, e.close AS expected_close, d.close AS actual_close,
       e.volume AS expected_volume, d.volume AS actual_volume
FROM expected e
FULL JOIN mkt_futures_mes_4h d ON d."eventTime" = e.bucket
WHERE (e.open, e.high, e.low, e.close, e.volume) IS DISTINCT FROM (d.open, d.high, d.low, d.close, d.volume)
ORDER BY 1;
