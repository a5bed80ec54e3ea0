-- The ledger as the document finds it, on env=local: entries of ten tenants and ledger_balance v1.
CREATE TABLE entries (
  id bigserial PRIMARY KEY,
  account text NOT NULL,
  amount_cents bigint NOT NULL,
  booked_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO entries (account, amount_cents, booked_at)
SELECT 'tenant-' || (g % 10), 100 * (g % 7), now() - make_interval(mins => g) FROM generate_series(1, 500) g;
CREATE FUNCTION ledger_balance(acct text) RETURNS bigint LANGUAGE sql VOLATILE
AS $$ SELECT sum(amount_cents) FROM entries WHERE account = acct $$;
