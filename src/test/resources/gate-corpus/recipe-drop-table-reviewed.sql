-- expect: drop-table:allowed
-- recipe for: drop-table, allowance-without-reason
-- The gate's advice for drop-table, followed: the table is dropped in a later, reviewed migration that says why.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE TABLE legacy_exports (id int PRIMARY KEY, payload text);
INSERT INTO legacy_exports VALUES (1, 'x');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
-- gate:allow drop-table reason: nothing has read or written legacy_exports since release 40 (CHG-1201)
DROP TABLE legacy_exports;
