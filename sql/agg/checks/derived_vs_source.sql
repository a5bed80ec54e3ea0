-- The aggregation is right, not only done: the newest derived 5m and 1h bars of every task (up to 48 each)
-- against the aggregate of their 1m source bars (first open, max high, min low, last close, sum volume,
-- source_count), among the bars written since runbook.since (the deploy: bars the code before it wrote are
-- not what is being verified; unset, all of them). Expected: 0 rows. runbook.exclude_task ('EURUSD 5m'),
-- runbook.exclude_from and runbook.exclude_to (optional) leave out that task's bars in [from, to): the cursor fix's
-- step 6 runs the aggregation by hand with confirmation ignored, which on a live feed may write a window before all
-- its minutes arrived; those bars are the document's, reported apart.
WITH sample AS (
    SELECT d.*, row_number() OVER (PARTITION BY d.canonical_symbol, d.timeframe ORDER BY d.ts_utc DESC) AS n,
           CASE d.timeframe WHEN '5m' THEN interval '5 minutes' ELSE interval '1 hour' END AS width
    FROM derived_data_bars d
    WHERE d.deleted_at IS NULL
      AND d.updated_at >= coalesce(nullif(current_setting('runbook.since', true), '')::timestamptz, '-infinity')
      AND NOT (d.canonical_symbol || ' ' || d.timeframe = coalesce(nullif(current_setting('runbook.exclude_task', true), ''), '-')
               AND d.ts_utc >= nullif(current_setting('runbook.exclude_from', true), '')::timestamptz
               AND d.ts_utc < nullif(current_setting('runbook.exclude_to', true), '')::timestamptz)
),
source AS (
    SELECT s.canonical_symbol, s.timeframe, s.ts_utc,
           (array_agg(b.open ORDER BY b.ts_utc))[1] AS open, max(b.high) AS high, min(b.low) AS low,
           (array_agg(b.close ORDER BY b.ts_utc DESC))[1] AS close, sum(b.volume) AS volume, count(*) AS source_count
    FROM sample s
    JOIN data_bars b ON b.canonical_symbol = s.canonical_symbol AND b.timeframe = '1m' AND b.ts_utc >= s.ts_utc AND b.ts_utc < s.ts_utc + s.width
    WHERE s.n <= 48
    GROUP BY 1, 2, 3
)
SELECT s.canonical_symbol, s.timeframe, s.ts_utc, s.open, src.open AS source_open, s.high, src.high AS source_high,
       s.low, src.low AS source_low, s.close, src.close AS source_close, s.volume, src.volume AS source_volume,
       s.source_count, src.source_count AS source_source_count
FROM sample s
LEFT JOIN source src USING (canonical_symbol, timeframe, ts_utc)
WHERE s.n <= 48
  AND (s.open, s.high, s.low, s.close, s.volume, s.source_count)
      IS DISTINCT FROM (src.open, src.high, src.low, src.close, src.volume, src.source_count::integer)
ORDER BY 1, 2, 3
LIMIT 100;
