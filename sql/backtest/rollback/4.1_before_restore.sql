-- §4.1 corrected, run before the full backup in the same transaction (psql -1 -v ON_ERROR_STOP=1 -f this -f backup -f 4.1_after_restore.sql).
-- The document restores the --clean --if-exists backup over the deployed schema: its clean step guards tables with IF EXISTS
-- but not their columns, so it stops at "ALTER TABLE IF EXISTS ONLY public.backtest_cache ALTER COLUMN id DROP DEFAULT"
-- (003 removed that column). Dropping the two tables the deploy reshaped first lets the backup recreate them as they were.
-- Every row stored after the backup is lost with them, as with any restore.
DROP TABLE IF EXISTS market_structure_results CASCADE;
DROP TABLE IF EXISTS backtest_cache CASCADE;
