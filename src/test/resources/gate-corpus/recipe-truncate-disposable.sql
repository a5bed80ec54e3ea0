-- expect: truncate:allowed
-- recipe for: truncate
-- The gate's advice for truncate, followed: the rows are disposable, and the allowance says so.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE TABLE report_cache (id int PRIMARY KEY, body text);
INSERT INTO report_cache SELECT g, 'r' FROM generate_series(1, 50) g;
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
-- gate:allow truncate reason: report_cache is rebuilt by the nightly job from orders; emptying it loses nothing
TRUNCATE report_cache;
