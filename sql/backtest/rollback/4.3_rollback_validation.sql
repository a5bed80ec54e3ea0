-- §4.3 Rollback validation, as the document writes it. Read-only.
SELECT COUNT(*) AS backtest_records FROM market_structure_results;
