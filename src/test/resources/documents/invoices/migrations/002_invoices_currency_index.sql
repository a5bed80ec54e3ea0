SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY invoices_currency_idx ON invoices (currency);
