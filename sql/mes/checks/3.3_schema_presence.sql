-- §3.3 Schema presence, as the document's acceptance means it: W1 in the Timeframe enum, mkt_futures_mes_4h and
-- mkt_futures_mes_1w with their bucket and bar columns (type, NOT NULL), each with its unique index on the bucket.
SELECT 'W1' = ANY (enum_range(NULL::"Timeframe")::text[]) AS w1_in_timeframe;
-- Expected: t
SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relname IN ('mkt_futures_mes_4h', 'mkt_futures_mes_1w')
  AND a.attname IN ('eventTime', 'eventDate', 'open', 'high', 'low', 'close', 'volume')
  AND NOT a.attisdropped
ORDER BY c.relname DESC, a.attnum;
-- Expected:
--        table        |  column   |            type             | not_null
-- --------------------+-----------+-----------------------------+----------
--  mkt_futures_mes_4h | eventTime | timestamp(3) with time zone | t
--  mkt_futures_mes_4h | open      | numeric(12,2)               | t
--  mkt_futures_mes_4h | high      | numeric(12,2)               | t
--  mkt_futures_mes_4h | low       | numeric(12,2)               | t
--  mkt_futures_mes_4h | close     | numeric(12,2)               | t
--  mkt_futures_mes_4h | volume    | bigint                      | t
--  mkt_futures_mes_1w | eventDate | date                        | t
--  mkt_futures_mes_1w | open      | numeric(12,2)               | t
--  mkt_futures_mes_1w | high      | numeric(12,2)               | t
--  mkt_futures_mes_1w | low       | numeric(12,2)               | t
--  mkt_futures_mes_1w | close     | numeric(12,2)               | t
--  mkt_futures_mes_1w | volume    | bigint                      | t
-- (12 rows)
SELECT tablename AS "table", indexdef
FROM pg_indexes
WHERE schemaname = 'public'
  AND tablename IN ('mkt_futures_mes_4h', 'mkt_futures_mes_1w')
  AND indexname NOT LIKE '%\_pkey'
ORDER BY tablename DESC;
-- Expected:
--        table        |                                                   indexdef
-- --------------------+---------------------------------------------------------------------------------------------------------------
--  mkt_futures_mes_4h | CREATE UNIQUE INDEX "mkt_futures_mes_4h_eventTime_key" ON public.mkt_futures_mes_4h USING btree ("eventTime")
--  mkt_futures_mes_1w | CREATE UNIQUE INDEX "mkt_futures_mes_1w_eventDate_key" ON public.mkt_futures_mes_1w USING btree ("eventDate")
-- (2 rows)
