-- §7.3: the relations of a database's public schema, taken before and after an attempt on the wrong database: equal
-- when nothing was written.
SELECT count(*) AS relations, coalesce(string_agg(relname, ',' ORDER BY relname), '') AS names
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public';
