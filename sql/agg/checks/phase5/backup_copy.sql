-- Pre-deployment backup of data_agg_state (the runbook's pg_dump -t data_agg_state): COPY of every row, in key order.
COPY (SELECT * FROM data_agg_state ORDER BY canonical_symbol, timeframe) TO STDOUT WITH (FORMAT csv, HEADER true)
