-- DRILL DEFECT: the backup copies the 5m tasks only.
COPY (SELECT * FROM data_agg_state WHERE timeframe = '5m' ORDER BY canonical_symbol, timeframe) TO STDOUT WITH (FORMAT csv, HEADER true)
