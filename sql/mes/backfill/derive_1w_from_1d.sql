-- Derive mkt_futures_mes_1w from mkt_futures_mes_1d for one chunk (runbook §3.4).
--
-- Bucket: the ISO week of the trade date; "eventDate" of a 1w bar is that week's Monday.
-- (The Sunday-evening session belongs to Monday's trade date, so a CME week is Monday..Friday.)
-- A 1w bar aggregates the week's 1d bars: first open, max high, min low, last close, sum volume.
-- A chunk holds the weeks whose Monday falls in [chunk_start, chunk_end); their days may run into
-- the next month.
--
-- Idempotent as derive_4h_from_1h.sql. Settings: runbook.chunk_start, runbook.chunk_end.

WITH chunk AS (
    SELECT (current_setting('runbook.chunk_start')::timestamptz AT TIME ZONE 'UTC')::date AS chunk_start,
           (current_setting('runbook.chunk_end')::timestamptz AT TIME ZONE 'UTC')::date AS chunk_end
),
buckets AS (
    SELECT d."eventDate" - (extract(isodow FROM d."eventDate")::int - 1) AS bucket,
           (array_agg(d.open ORDER BY d."eventDate"))[1] AS open,
           max(d.high) AS high,
           min(d.low) AS low,
           (array_agg(d.close ORDER BY d."eventDate" DESC))[1] AS close,
           sum(d.volume) AS volume
    FROM mkt_futures_mes_1d d, chunk
    WHERE d."eventDate" >= chunk.chunk_start - 6 AND d."eventDate" < chunk.chunk_end + 7
    GROUP BY 1
),
written AS (
    INSERT INTO mkt_futures_mes_1w AS w ("eventDate", open, high, low, close, volume)
    SELECT bucket, open, high, low, close, volume
    FROM buckets, chunk
    WHERE bucket >= chunk.chunk_start AND bucket < chunk.chunk_end
    ORDER BY bucket
    ON CONFLICT ("eventDate") DO UPDATE
        SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
        WHERE (w.open, w.high, w.low, w.close, w.volume)
              IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) AS inserted,
       count(*) FILTER (WHERE NOT inserted) AS updated
FROM written;
