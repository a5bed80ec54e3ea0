-- After a 4h chunk: how many 1h source bars of the chunk no 4h bar covers (0 = chunk complete).
-- A 4h bar opening at d covers the 1h bars opening in [d, d + 4h). A source bar is covered exactly when the
-- newest 4h bar opening at or before it opened less than 4 hours before it; so the chunk's source bars and
-- the 4h bars that can cover them are read once, in time order, each source bar carrying the newest 4h bar
-- before it (one sort of a few hundred rows, not an index probe per source bar).
-- Settings: runbook.chunk_start, runbook.chunk_end (as derive_4h_from_1h.sql).

WITH chunk AS (
    SELECT current_setting('runbook.chunk_start')::timestamptz AS chunk_start,
           current_setting('runbook.chunk_end')::timestamptz AS chunk_end
),
timeline AS (
    SELECT h."eventTime" AS at, true AS is_source
    FROM mkt_futures_mes_1h h, chunk
    WHERE h."eventTime" >= chunk.chunk_start AND h."eventTime" < chunk.chunk_end
    UNION ALL
    SELECT d."eventTime", false
    FROM mkt_futures_mes_4h d, chunk
    WHERE d."eventTime" > chunk.chunk_start - interval '4 hours' AND d."eventTime" < chunk.chunk_end
),
carried AS (
    -- At equal times the 4h bar sorts first (false < true): a bar opening with the hour covers it.
    SELECT at, is_source, max(at) FILTER (WHERE NOT is_source) OVER (ORDER BY at, is_source) AS newest_4h
    FROM timeline
)
SELECT count(*) AS source_rows,
       count(*) FILTER (WHERE newest_4h IS NULL OR newest_4h <= at - interval '4 hours') AS uncovered
FROM carried
WHERE is_source;
