-- Flyway's own refusal before a first migrate, asked of the catalog: the schema (parameter 1) holds tables, and
-- its history table (parameter 2, schema-qualified) does not exist. Returns the tables found, at most five.
SELECT c.relname AS table_name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm') AND to_regclass(?) IS NULL
 ORDER BY 1
 LIMIT 5
