-- diesel's journal, as `diesel migration run` (and diesel_migrations' embedded runner) creates it before the first
-- migration: the version (the folder's leading timestamp) of each applied migration.
CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
    version VARCHAR(50) PRIMARY KEY NOT NULL,
    run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
