-- The simulated clock of a local stand-in (env=local only: never run against a team's database).
--
-- A session whose search_path is  public, runbook_clock, pg_catalog  resolves now() to
-- runbook_clock.now(), which answers the setting runbook.now. The runbooks' own queries
-- (NOW() - last_successful_at_utc > INTERVAL '2 hours', ...) and the functions they call therefore run
-- unchanged on a time the suite advances in steps: 24 simulated hours of monitoring in seconds, the
-- same result every run. Without that search_path, or with runbook.now unset, now() is the real time.
--
-- By hand:  SET search_path = public, runbook_clock, pg_catalog; SET runbook.now = '2026-01-11 09:00+00';
--           SELECT now();
CREATE SCHEMA IF NOT EXISTS runbook_clock;

CREATE OR REPLACE FUNCTION runbook_clock.now() RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('runbook.now', true), '')::timestamptz, pg_catalog.now())
$$;
