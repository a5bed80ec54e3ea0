-- The state the document starts from, on env=local: the invoices table, its rows and the application's role.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'invoices_app') THEN CREATE ROLE invoices_app; END IF;
END $$;
CREATE TABLE invoices (
  id bigserial PRIMARY KEY,
  customer text NOT NULL,
  amount_cents bigint,
  issued_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO invoices (customer, amount_cents, issued_at)
SELECT 'customer ' || (g % 97), g * 100, now() - make_interval(hours => g) FROM generate_series(1, 2000) g;
GRANT SELECT ON invoices TO invoices_app;
