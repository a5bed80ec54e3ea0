-- Every table of the database outside the system schemas: its row count and a checksum of its content, read-only.
-- A rehearsal on a copy proves with it (and the catalog snapshot) that the target itself was not written. The checksum
-- is the sum of each row's md5 (its first 60 bits), so it needs no sort and bounded memory on a large table; any row
-- added, removed or changed moves it.
SELECT n.nspname || '.' || c.relname AS "table",
       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text AS row_count,
       (xpath('/row/s/text()', query_to_xml(format(
           'SELECT coalesce(sum((''x'' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0) AS s FROM %I.%I t', n.nspname, c.relname),
           false, true, '')))[1]::text AS content_sum
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p')
 ORDER BY 1;
