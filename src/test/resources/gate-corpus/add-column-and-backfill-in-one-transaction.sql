-- expect: backfill-in-one-statement
-- The lock is held while every row is updated. A rehearsal has few rows (schema-only for staging), so the lock time it
-- measures says nothing of production; the UPDATE's plan does: nothing narrows it, every row of an existing table changes.
-- It fills only the column this migration just added (PostgreSQL says so: it runs as a role that may update that column
-- only), so it overwrites nothing: a lock and bloat risk, reported as such, not as data loss (Lemmy's 17 such backfills).
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
-- migration
SET lock_timeout = '5s';
SET statement_timeout = '30s';
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
UPDATE orders SET shipped_at = created_at;
