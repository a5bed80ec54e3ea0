-- After a 4h chunk: how many 1h source bars of the chunk no 4h bar covers (0 = chunk complete).
-- Settings: runbook.chunk_start, runbook.chunk_end (as derive_4h_from_1h.sql).

SELECT count(*) AS source_rows,
       count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM mkt_futures_mes_4h d
           WHERE d."eventTime" <= h."eventTime" AND d."eventTime" > h."eventTime" - interval '4 hours')) AS uncovered
FROM mkt_futures_mes_1h h
WHERE h."eventTime" >= current_setting('runbook.chunk_start')::timestamptz
  AND h."eventTime" < current_setting('runbook.chunk_end')::timestamptz;
