-- expect: none
-- target-version: 170000
-- A FROM subquery without an alias is valid from PostgreSQL 16 on (Lemmy's history creates post_actions so). Rehearsed
-- on the target's major, the table exists and the statements that use it are judged, none of them failing.
CREATE TABLE post_read (person_id int NOT NULL, post_id int NOT NULL);
CREATE TABLE post_saved (person_id int NOT NULL, post_id int NOT NULL);
INSERT INTO post_read VALUES (1, 1), (1, 2);
INSERT INTO post_saved VALUES (1, 2);
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
ALTER TABLE post_actions ADD COLUMN read_at timestamptz;
