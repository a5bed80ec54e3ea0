SET lock_timeout = '5s';
ALTER TABLE invoices ADD COLUMN currency char(3);
