-- expect: not-null-without-default
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
-- (a schema-only rehearsal: the table is empty there, as in the runbook's rehearsal database)
CREATE INDEX orders_status_idx ON orders (status);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE orders ADD COLUMN region text NOT NULL;
