-- expect: none
-- tool: diesel
-- Every database diesel migrated has its journal __diesel_schema_migrations, and Lemmy's history puts a trigger on it:
-- the rehearsal holds the journal table as the target does, so the trigger is created, not reported as failing.
CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE FUNCTION forbid_diesel_cli ()
    RETURNS TRIGGER
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_locks WHERE (locktype, pid, objid) = ('advisory', pg_backend_pid(), 0)) THEN
        RAISE 'migrations must be managed using the application instead of diesel CLI';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER forbid_diesel_cli
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON __diesel_schema_migrations
    EXECUTE FUNCTION forbid_diesel_cli ();
