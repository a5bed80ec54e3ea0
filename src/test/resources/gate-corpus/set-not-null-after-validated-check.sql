-- expect: none
-- recipe for: set-not-null
-- The gate's own advice for set-not-null, followed: CHECK (status IS NOT NULL) NOT VALID, validated in an earlier
-- migration, then SET NOT NULL, which PostgreSQL 12+ proves from the check without scanning the table (at debug1 it
-- says "existing constraints on column ... are sufficient to prove that it does not contain nulls").
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
