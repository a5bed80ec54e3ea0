-- expect: unique-under-lock
CREATE TABLE tags (name text NOT NULL);
INSERT INTO tags VALUES ('a'), ('b');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE tags ADD PRIMARY KEY (name);
