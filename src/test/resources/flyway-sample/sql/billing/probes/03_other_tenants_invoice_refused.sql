-- A session may not write another tenant's invoice.
-- as role: billing_app
-- with setting: app.tenant = acme
-- refused by row-level security
INSERT INTO invoices (tenant, customer_id, total) VALUES ('globex', 2, 99);
