-- The mandatory tasks, whose daily quality the document's once-a-day check must judge. Read-only.
-- Run by hand: psql -f mandatory_tasks.sql
SELECT canonical_symbol, timeframe FROM data_agg_state WHERE is_mandatory ORDER BY 1, 2;
