-- The foreign key's index, built without blocking writes: CONCURRENTLY cannot run in a transaction, so this
-- script's V2__invoices_customer_index.sql.conf says executeInTransaction=false.
SET lock_timeout = '5s';
SET statement_timeout = '10min';
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_customer_idx ON invoices (customer_id);
