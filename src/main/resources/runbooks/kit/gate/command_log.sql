-- Installed in the throwaway rehearsal database (never a target) before a migration is rehearsed, so that
-- PostgreSQL itself says what each statement did: an event trigger logs every DDL command's tag and the
-- relations it touched, and a BEFORE TRUNCATE trigger on every existing table logs a TRUNCATE (which
-- fires no event trigger). The gate reads and empties runbook_gate.commands after each statement.
CREATE SCHEMA runbook_gate;
CREATE TABLE runbook_gate.commands (seq bigserial PRIMARY KEY, tag text NOT NULL, relations oid[] NOT NULL DEFAULT '{}');

CREATE FUNCTION runbook_gate.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runbook_gate.commands (tag, relations)
    SELECT tg_tag, coalesce(array_agg(objid) FILTER (WHERE classid = 'pg_class'::regclass), '{}')
    FROM pg_event_trigger_ddl_commands();
END $$;
CREATE EVENT TRIGGER runbook_gate_ddl ON ddl_command_end EXECUTE FUNCTION runbook_gate.log_ddl();

CREATE FUNCTION runbook_gate.log_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runbook_gate.commands (tag, relations) VALUES ('TRUNCATE', ARRAY[TG_RELID]);
    RETURN NULL;
END $$;

DO $$
DECLARE t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'runbook_gate')
               AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
    LOOP
        EXECUTE format('CREATE TRIGGER runbook_gate_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION runbook_gate.log_truncate()', t);
    END LOOP;
END $$;
