-- Whether pg_stat_statements can be queried here: the extension created in this database and its library loaded.
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS extension_created,
       current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%' AS library_loaded;
