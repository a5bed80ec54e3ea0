SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS invoices_currency_idx;
ALTER TABLE invoices DROP COLUMN IF EXISTS currency;
