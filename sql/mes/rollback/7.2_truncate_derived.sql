-- Runbook §7.2 step 2: clean only the new derived tables (the schema stays: the migration is additive).
TRUNCATE TABLE mkt_futures_mes_4h, mkt_futures_mes_1w RESTART IDENTITY;
