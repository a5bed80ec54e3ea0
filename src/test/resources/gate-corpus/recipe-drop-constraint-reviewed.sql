-- expect: drop-constraint:allowed
-- recipe for: drop-constraint
-- The gate's advice for drop-constraint, followed: the key dropped in a reviewed migration that says what relied on it.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders ADD CONSTRAINT orders_customer_note_key UNIQUE (customer_id, note);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
-- gate:allow drop-constraint reason: no statement uses ON CONFLICT (customer_id, note) since release 42 (CHG-1203)
ALTER TABLE orders DROP CONSTRAINT orders_customer_note_key;
