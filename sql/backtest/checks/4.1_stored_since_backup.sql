-- §4.1: the results stored after the backup (id above the newest before the deploy, runbook.max_id_before): a
-- restore of the backup loses them. Read-only. By hand: SET runbook.max_id_before = '<id>'; then psql -f this file.
SELECT count(*) AS n FROM market_structure_results WHERE id > current_setting('runbook.max_id_before')::bigint;
