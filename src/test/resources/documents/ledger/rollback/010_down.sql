DROP FUNCTION ledger_balance(text);
CREATE FUNCTION ledger_balance(acct text) RETURNS bigint LANGUAGE sql VOLATILE
AS $$ SELECT sum(amount_cents) FROM entries WHERE account = acct $$;
ALTER TABLE entries DROP COLUMN archived;
