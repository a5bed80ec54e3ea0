-- expect: drop-schema:allowed, drop-table:allowed
-- recipe for: drop-schema
-- The gate's advice for drop-schema, followed: a separate, reviewed migration once nothing uses the schema, saying so.
CREATE SCHEMA legacy;
CREATE TABLE legacy.old_orders (id int);
INSERT INTO legacy.old_orders VALUES (1);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
-- gate:allow drop-schema reason: legacy unused since the 2025 migration (CHG-1202)
-- gate:allow drop-table reason: legacy.old_orders goes with its schema; archived in CHG-1202
DROP SCHEMA legacy CASCADE;
