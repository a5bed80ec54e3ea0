-- expect: none
-- recipe for: outside-allow-list
-- allow-only: enum-add-value, create-table, create-index
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
CREATE TYPE mood AS ENUM ('ok');
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TYPE mood ADD VALUE 'fine';
CREATE TABLE shipments (id bigserial PRIMARY KEY, order_id bigint NOT NULL, sent_at timestamptz);
CREATE INDEX shipments_order_idx ON shipments (order_id);
ALTER TABLE shipments ADD CONSTRAINT shipments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
