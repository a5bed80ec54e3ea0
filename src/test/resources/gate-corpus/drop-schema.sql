-- expect: drop-schema, drop-table
CREATE SCHEMA legacy;
CREATE TABLE legacy.old_orders (id int);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
DROP SCHEMA legacy CASCADE;
