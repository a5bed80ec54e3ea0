-- expect: rehearsal-lacks-journal
-- Files judged without knowing their tool (here: as Flyway's): a trigger on diesel's journal cannot be rehearsed, and
-- the report says the rehearsal lacks the journal (a warning that names --tool), not that the migration is broken.
CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE FUNCTION forbid_diesel_cli () RETURNS TRIGGER LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$;
CREATE TRIGGER forbid_diesel_cli
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON __diesel_schema_migrations
    EXECUTE FUNCTION forbid_diesel_cli ();
