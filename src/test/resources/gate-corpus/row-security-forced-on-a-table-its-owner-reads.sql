-- expect: row-security-without-policy
-- FORCE on a table under row-level security whose owner is no superuser and has no policy: the owner's own reads
-- (the deployer's checks, a job running as the owner) return no rows from then on.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
DO $$ BEGIN CREATE ROLE gate_corpus_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE gate_corpus_owner NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
ALTER TABLE orders OWNER TO gate_corpus_owner;
CREATE POLICY orders_by_customer ON orders FOR SELECT TO gate_corpus_app USING (true);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
