-- expect: none
-- A table the migration creates: nobody read it before, so row-level security takes no reads away.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
DO $$ BEGIN CREATE ROLE gate_corpus_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT SELECT, INSERT ON customers, orders TO gate_corpus_app;
-- migration
CREATE TABLE invoices (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12, 2) NOT NULL);
GRANT SELECT ON invoices TO gate_corpus_app;
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
