-- The application role may not delete invoices at all (no DELETE privilege: SQLSTATE 42501).
-- as role: billing_app
-- with setting: app.tenant = acme
-- rejected with SQLSTATE 42501
DELETE FROM invoices;
