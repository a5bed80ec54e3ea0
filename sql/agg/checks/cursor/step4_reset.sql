-- Step 4, after 005: only the cursors that were ahead (cursor >= max_ts OR NULL) are reset, each to where
-- step4_cursors.sql said. Variables: before (step4_cursors.sql's cursors, run before 005), exact (true where nothing
-- else moves a cursor, as locally; on a live system the team's worker goes on meanwhile: a cursor may have moved
-- forward since, never back, nor past its source).
-- Run by hand: psql -v before="$(psql -Atf step4_cursors.sql | cut -d'|' -f1)" -v exact=false -f step4_reset.sql
WITH before AS (
  SELECT * FROM json_to_recordset(:'before'::json)
    AS b(canonical_symbol text, timeframe text, cursor timestamptz, needs_reset boolean, reset_to timestamptz)
), now AS (
  SELECT b.*, s.last_agg_bar_ts_utc AS now,
         (SELECT max(ts_utc) FROM data_bars d WHERE d.canonical_symbol = b.canonical_symbol AND d.timeframe = '1m') AS latest_1m
  FROM before b
  JOIN data_agg_state s USING (canonical_symbol, timeframe)
)
SELECT canonical_symbol || ' ' || timeframe
       || CASE WHEN needs_reset
               THEN ': was ahead at ' || coalesce(cursor::text, 'NULL') || ', expected reset to ' || reset_to
                    || CASE WHEN :exact THEN '' ELSE ' (or later, not past its source)' END
               ELSE ': was within its source at ' || cursor || ' and must not be moved'
                    || CASE WHEN :exact THEN '' ELSE ' back' END
          END
       || ', is ' || coalesce(now::text, 'NULL') AS cursor_after_005_tightened_condition
FROM now
WHERE CASE WHEN needs_reset
           THEN NOT coalesce(CASE WHEN :exact THEN now = reset_to ELSE now >= reset_to AND now <= latest_1m END, false)
           ELSE NOT coalesce(CASE WHEN :exact THEN now = cursor ELSE now >= cursor END, false)
      END
ORDER BY canonical_symbol, timeframe;
-- Expected: 0 rows
