-- The roles of the target a rehearsal copy needs (its grants and policies name them), read-only on the target:
-- every role but PostgreSQL's own (pg_*). The rehearsal cluster creates the missing ones, NOLOGIN, before the copy.
SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY rolname;
