-- Derive mkt_futures_mes_4h from mkt_futures_mes_1h for one chunk (runbook §3.4).
--
-- Bucket: 4 hours aligned to 00:00 UTC (bars open at 00, 04, 08, 12, 16 and 20 UTC):
--   date_bin('4 hours', "eventTime", '2000-01-01 00:00+00').
-- A 4h bar aggregates the 1h bars whose open time falls in [bucket, bucket + 4h):
--   open = first open, high = max high, low = min low, close = last close, volume = sum volume.
-- Buckets that straddle the daily maintenance break or a session edge hold fewer 1h bars; they are
-- still bars. A 4h bucket never spans a month boundary, so month chunks split cleanly.
--
-- Idempotent: an existing bar is rewritten only when a value differs (the newest bucket grows while
-- its hours arrive), so a second run changes nothing.
-- Settings: runbook.chunk_start, runbook.chunk_end (timestamptz, end exclusive).
-- By hand:  SET runbook.chunk_start = '2020-01-01 00:00+00'; SET runbook.chunk_end = '2020-02-01 00:00+00';

WITH chunk AS (
    SELECT current_setting('runbook.chunk_start')::timestamptz AS chunk_start,
           current_setting('runbook.chunk_end')::timestamptz AS chunk_end
),
buckets AS (
    SELECT date_bin('4 hours', h."eventTime", '2000-01-01 00:00+00') AS bucket,
           (array_agg(h.open ORDER BY h."eventTime"))[1] AS open,
           -- DRILL DEFECT: high and low taken from the wrong columns.
           max(h.low) AS high,
           min(h.high) AS low,
           (array_agg(h.close ORDER BY h."eventTime" DESC))[1] AS close,
           sum(h.volume) AS volume
    FROM mkt_futures_mes_1h h, chunk
    WHERE h."eventTime" >= chunk.chunk_start AND h."eventTime" < chunk.chunk_end
    GROUP BY 1
),
written AS (
    INSERT INTO mkt_futures_mes_4h AS d ("eventTime", open, high, low, close, volume)
    SELECT bucket, open, high, low, close, volume FROM buckets ORDER BY bucket
    ON CONFLICT ("eventTime") DO UPDATE
        SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
        WHERE (d.open, d.high, d.low, d.close, d.volume)
              IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated
FROM written;
