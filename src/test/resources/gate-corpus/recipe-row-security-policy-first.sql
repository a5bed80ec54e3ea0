-- expect: none
-- recipe for: row-security-without-policy
-- The gate's advice for row-security-without-policy, followed: the reader's policy first, then row-level security on.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
DO $$ BEGIN CREATE ROLE gate_corpus_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT SELECT, INSERT ON customers, orders TO gate_corpus_app;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE POLICY orders_by_customer ON orders FOR SELECT TO gate_corpus_app
    USING (customer_id = current_setting('app.customer_id', true)::bigint);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
