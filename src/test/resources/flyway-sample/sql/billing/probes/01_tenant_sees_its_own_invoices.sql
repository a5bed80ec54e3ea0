-- A session naming its tenant sees that tenant's invoices only: the other tenants' rows stay hidden.
-- as role: billing_app
-- with setting: app.tenant = probe-tenant
-- sees 2 rows
INSERT INTO customers VALUES (900001, 'probe-tenant', 'Probe Ltd');
INSERT INTO invoices (tenant, customer_id, total) VALUES ('probe-tenant', 900001, 1), ('probe-tenant', 900001, 2);
SELECT id FROM invoices;
