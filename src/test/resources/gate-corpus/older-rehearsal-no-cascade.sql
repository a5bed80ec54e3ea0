-- expect: rehearsal-older-than-target, statement-fails
-- target-version: 170000
-- rehearse-on-shared-cluster: as where no PostgreSQL 17 binaries can be had (the shared cluster is older)
-- not-judged: 3
-- The older rehearsal refuses the PostgreSQL 16 statement, once. The three statements that use its table fail in the
-- rehearsal only for that: not judged, not failures of their own. The statement after them fails for a reason of its
-- own (a table nothing creates) and is still reported.
CREATE TABLE post_read (person_id int NOT NULL, post_id int NOT NULL);
CREATE TABLE post_saved (person_id int NOT NULL, post_id int NOT NULL);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE TABLE post_actions AS
SELECT person_id, post_id, bool_or(read) AS read, bool_or(saved) AS saved
FROM (
    SELECT person_id, post_id, true AS read, false AS saved FROM post_read
    UNION ALL
    SELECT person_id, post_id, false, true FROM post_saved)
GROUP BY person_id, post_id;
ALTER TABLE post_actions ADD PRIMARY KEY (person_id, post_id);
CREATE INDEX idx_post_actions_saved ON post_actions (person_id) WHERE saved;
CREATE TABLE post_hide (person_id int NOT NULL, post_id int NOT NULL);
DROP INDEX idx_post_actions_saved;
ALTER TABLE post_unknown ADD COLUMN read_at timestamptz;
