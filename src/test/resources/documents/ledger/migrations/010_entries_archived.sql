BEGIN;
ALTER TABLE entries ADD COLUMN archived boolean NOT NULL DEFAULT false;
DROP FUNCTION ledger_balance(text);
CREATE FUNCTION ledger_balance(acct text) RETURNS bigint LANGUAGE sql STABLE
AS $$ SELECT coalesce(sum(amount_cents), 0) FROM entries WHERE account = acct AND NOT archived $$;
COMMIT;
