-- Gaps in sessions that should have bars:
--   * two consecutive 4h bars more than 72 hours apart: the longest scheduled CME Globex closure
--     (Thursday 16:00 CT before Good Friday to Sunday 17:00 CT) puts 72 hours between 4h bucket starts;
--   * two consecutive 1w bars more than 7 days apart (no CME week is closed whole);
--   * a trade date with a 1d bar but no 4h bar inside its session (17:00 CT the day before to 16:00 CT).
WITH bars_4h AS (
    SELECT "eventTime", lead("eventTime") OVER (ORDER BY "eventTime") AS next_time FROM mkt_futures_mes_4h
),
bars_1w AS (
    SELECT "eventDate", lead("eventDate") OVER (ORDER BY "eventDate") AS next_date FROM mkt_futures_mes_1w
)
SELECT 'mkt_futures_mes_4h' AS "table", "eventTime"::text AS after_bar, next_time::text AS next_bar,
       'gap of ' || (next_time - "eventTime") AS problem
  FROM bars_4h WHERE next_time - "eventTime" > interval '72 hours'
UNION ALL
SELECT 'mkt_futures_mes_1w', "eventDate"::text, next_date::text, 'gap of ' || (next_date - "eventDate") || ' days'
  FROM bars_1w WHERE next_date - "eventDate" > 7
UNION ALL
SELECT 'mkt_futures_mes_4h', d."eventDate"::text, NULL, 'trade date without any 4h bar in its session'
  FROM mkt_futures_mes_1d d
 WHERE NOT EXISTS (
       SELECT 1 FROM mkt_futures_mes_4h h
        WHERE h."eventTime" > (((d."eventDate" - 1) + time '17:00') AT TIME ZONE 'America/Chicago') - interval '4 hours'
          AND h."eventTime" < (d."eventDate" + time '16:00') AT TIME ZONE 'America/Chicago')
ORDER BY 1, 2;
-- Expected: 0 rows
