SELECT to_regclass('data_agg_state_backup_20260111')::text AS backup_table;
