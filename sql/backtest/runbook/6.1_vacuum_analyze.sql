-- §6.1 "Update table statistics". Outside a transaction.
VACUUM ANALYZE market_structure_results;
