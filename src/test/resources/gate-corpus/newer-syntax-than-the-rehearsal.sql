-- expect: rehearsal-older-than-target
-- target-version: 170000
-- rehearse-on-shared-cluster: as where no PostgreSQL 17 binaries can be had (the shared cluster is older)
-- JSON_ARRAY(...) is SQL/JSON of PostgreSQL 16+: the older rehearsal refuses it. The report must say that the
-- rehearsal ran on an older server than the target, not that the migration is broken (Lemmy's history needs 16).
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE VIEW customer_names AS SELECT id, JSON_ARRAY(name) AS names FROM customers;
