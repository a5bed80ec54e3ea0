-- Row count and checksum of each derived table, over every column the backfill writes plus the id
-- (the runbook's TRUNCATE ... RESTART IDENTITY means ids must come out the same). "ingestedAt" is a
-- wall-clock stamp and is left out. Setting runbook.with_ids (on/off, default on): off leaves the ids out too, for a
-- backfill that was cut off and continued (the chunks rolled back left gaps in the ids).
SELECT 'mkt_futures_mes_4h' AS "table", count(*) AS row_count,
       md5(coalesce(string_agg(concat_ws('|', CASE WHEN current_setting('runbook.with_ids', true) IS DISTINCT FROM 'off' THEN id END, "eventTime", open, high, low, close, volume), E'\n' ORDER BY "eventTime"), '')) AS checksum
  FROM mkt_futures_mes_4h
UNION ALL
SELECT 'mkt_futures_mes_1w', count(*),
       md5(coalesce(string_agg(concat_ws('|', CASE WHEN current_setting('runbook.with_ids', true) IS DISTINCT FROM 'off' THEN id END, "eventDate", open, high, low, close, volume), E'\n' ORDER BY "eventDate"), ''))
  FROM mkt_futures_mes_1w;
