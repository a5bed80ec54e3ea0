-- A session that names no tenant sees no invoice at all.
-- as role: billing_app
-- sees 0 rows
SELECT id FROM invoices;
