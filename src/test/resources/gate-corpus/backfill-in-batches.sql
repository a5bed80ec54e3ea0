-- expect: none
-- recipe for: backfill-in-one-statement, rename-column, volatile-default
-- The gate's advice for backfill-in-one-statement, followed: the column was added by an earlier migration; this one
-- fills it in id ranges (each batch a short UPDATE of its own; a runner would repeat until no row is left).
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders ADD COLUMN amount_cents bigint;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
UPDATE orders SET amount_cents = amount * 100 WHERE id BETWEEN 1 AND 100 AND amount_cents IS NULL;
UPDATE orders SET amount_cents = amount * 100 WHERE id BETWEEN 101 AND 200 AND amount_cents IS NULL;
