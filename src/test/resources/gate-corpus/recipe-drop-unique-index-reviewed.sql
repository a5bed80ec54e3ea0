-- expect: drop-unique-index:allowed
-- recipe for: drop-unique-index
-- The gate's advice for drop-unique-index, followed: CONCURRENTLY, alone, with the review's reason.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE UNIQUE INDEX orders_customer_note_idx ON orders (customer_id, note);
-- migration
-- gate:allow drop-unique-index reason: no statement uses ON CONFLICT (customer_id, note) since release 42 (CHG-1204)
DROP INDEX CONCURRENTLY orders_customer_note_idx;
