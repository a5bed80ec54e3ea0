-- A database whose migrations another tool records (Prisma, drizzle) has no Flyway journal beside it: two journals
-- would each claim the schema.
SELECT to_regclass('flyway_schema_history') IS NULL AS no_flyway_schema_history;
-- Expected: t
