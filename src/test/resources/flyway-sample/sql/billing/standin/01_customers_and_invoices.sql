-- The stand-in's production-like rows: two tenants' customers and invoices (after V1).
INSERT INTO customers VALUES (1, 'acme', 'Acme Ltd'), (2, 'globex', 'Globex plc');
INSERT INTO invoices (tenant, customer_id, total)
SELECT CASE WHEN g % 3 = 0 THEN 'globex' ELSE 'acme' END, CASE WHEN g % 3 = 0 THEN 2 ELSE 1 END, g * 10.5
  FROM generate_series(1, 300) g;
