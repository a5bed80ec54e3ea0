-- Step 3: EURUSD's newest 1m source bar, which the safety test's max_source_ts must name. Read-only.
-- Run by hand: psql -f step3_newest_source.sql
SELECT to_char(max(ts_utc), 'YYYY-MM-DD"T"HH24:MI:SS') AS t
FROM data_bars
WHERE canonical_symbol = 'EURUSD' AND timeframe = '1m';
