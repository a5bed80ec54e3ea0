-- expect: set-not-null
-- Half the advice: the CHECK (status IS NOT NULL) was added NOT VALID but never validated, so SET NOT NULL still scans
-- the table under its ACCESS EXCLUSIVE lock.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
