-- Runbook §3.5 "min_4h and min_1w are near start of historical MES coverage", made precise:
--   * min_4h within 7 days of the historical start (runbook.coverage_start, the runbook's 2019-12-01:
--     a Sunday; the first session opens that evening),
--   * min_1w within 7 days of it (the first week's Monday),
--   * the derived tables reach the newest source bar (max_4h is the bucket of max_1h; max_1w the week of max_1d),
--   * the source itself is fresh: its newest 1h bar is at most 4 days old (the longest CME closure is 73 hours).
-- Expected: 0 rows. Setting: runbook.coverage_start (date).
WITH c AS (
    SELECT current_setting('runbook.coverage_start')::date AS coverage_start,
           (SELECT min("eventTime") FROM mkt_futures_mes_4h) AS min_4h,
           (SELECT max("eventTime") FROM mkt_futures_mes_4h) AS max_4h,
           (SELECT min("eventDate") FROM mkt_futures_mes_1w) AS min_1w,
           (SELECT max("eventDate") FROM mkt_futures_mes_1w) AS max_1w,
           (SELECT max("eventTime") FROM mkt_futures_mes_1h) AS max_1h,
           (SELECT max("eventDate") FROM mkt_futures_mes_1d) AS max_1d
)
SELECT 'min_4h not near the historical start' AS problem, min_4h::text AS actual, coverage_start::text AS expected_near FROM c
 WHERE min_4h IS NULL OR min_4h > coverage_start + interval '7 days'
UNION ALL
SELECT 'min_1w not near the historical start', min_1w::text, coverage_start::text FROM c
 WHERE min_1w IS NULL OR min_1w > coverage_start + 7
UNION ALL
SELECT 'max_4h does not reach the newest 1h bar', max_4h::text, max_1h::text FROM c
 WHERE max_4h IS NULL OR max_4h < date_bin('4 hours', max_1h, '2000-01-01 00:00+00')
UNION ALL
SELECT 'max_1w does not reach the newest 1d bar', max_1w::text, max_1d::text FROM c
 WHERE max_1w IS NULL OR max_1w < max_1d - (extract(isodow FROM max_1d)::int - 1)
UNION ALL
SELECT 'newest 1h source bar is more than 4 days old', max_1h::text, now()::text FROM c
 WHERE max_1h IS NULL OR max_1h < now() - interval '4 days';
