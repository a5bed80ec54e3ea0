-- The rehearsal holds the schema of the state a runbook starts from, never its rows: every table of the
-- database's own schemas is emptied (TRUNCATE ... CASCADE); the catalog (tables, constraints, indexes,
-- functions, policies, grants) stays as the scripts built it. Run on the rehearsal database only.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_%'
  LOOP
    EXECUTE 'TRUNCATE ' || t.name || ' CASCADE';
  END LOOP;
END
$$;
