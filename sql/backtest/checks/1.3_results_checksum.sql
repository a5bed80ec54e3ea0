-- §1.3 / §10.2 "Existing backtest data preserved": count and content checksum of the results rows, over the
-- columns they had before 005 (which 005 keeps with their names and types): the md5 of the rows' md5s in id
-- order (32 bytes a row in memory, so it also runs on millions of rows). Rows with an id above
-- runbook.max_id (set it to the highest id before the deploy; empty = all rows) are left out, so rows stored
-- since do not count. Run by hand: psql -c "SET runbook.max_id = '6'" -f 1.3_results_checksum.sql
SELECT count(*) AS row_count,
       coalesce(max(id), 0) AS max_id,
       md5(coalesce(string_agg(md5(concat_ws('|', id, strategy_name, symbol, start_date, end_date, parameters::text, initial_capital,
           final_capital, total_trades, winning_trades, losing_trades, gross_profit, gross_loss, max_drawdown, sharpe_ratio,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))), '' ORDER BY id), '')) AS content_md5
FROM market_structure_results
WHERE id <= coalesce(nullif(current_setting('runbook.max_id', true), '')::bigint, 9223372036854775807);
