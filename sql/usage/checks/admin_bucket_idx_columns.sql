-- Validation 3: the columns of usage_admin_bucket_idx, in index order: its old leading columns, the window, the metadata.
SELECT string_agg(a.attname, ',' ORDER BY k.ord) AS columns
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
WHERE i.relname = 'usage_admin_bucket_idx';
-- Expected:
--                                      columns
-- ----------------------------------------------------------------------------------
--  account_id,bucket_start,window_start,window_end,ingest_run_id,window_granularity
-- (1 row)
