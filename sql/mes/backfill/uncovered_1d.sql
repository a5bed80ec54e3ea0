-- After a 1w chunk: how many 1d source bars of the chunk's weeks no 1w bar covers (0 = chunk complete).
-- Settings: runbook.chunk_start, runbook.chunk_end (as derive_1w_from_1d.sql).

WITH chunk AS (
    SELECT (current_setting('runbook.chunk_start')::timestamptz AT TIME ZONE 'UTC')::date AS chunk_start,
           (current_setting('runbook.chunk_end')::timestamptz AT TIME ZONE 'UTC')::date AS chunk_end
)
SELECT count(*) AS source_rows,
       count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM mkt_futures_mes_1w w
           WHERE w."eventDate" <= d."eventDate" AND w."eventDate" > d."eventDate" - 7)) AS uncovered
FROM mkt_futures_mes_1d d, chunk
-- The first two bounds let the "eventDate" index find the chunk's days (a week that starts in the chunk ends
-- at most 6 days after it); without them every chunk scans the whole table.
WHERE d."eventDate" >= chunk.chunk_start AND d."eventDate" < chunk.chunk_end + 6
  AND d."eventDate" - (extract(isodow FROM d."eventDate")::int - 1) >= chunk.chunk_start
  AND d."eventDate" - (extract(isodow FROM d."eventDate")::int - 1) < chunk.chunk_end;
