-- expect: none
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, status text, note varchar(10), amount integer,
                     created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO customers VALUES (1, 'a'), (2, 'b');
INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 2, 'new', g FROM generate_series(1, 200) g;
CREATE INDEX orders_status_idx ON orders (status);
-- migration
CREATE OR REPLACE FUNCTION order_total(p_customer bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = public
AS $fn$
DECLARE
  v_total bigint;
BEGIN
  SELECT sum(amount) INTO v_total FROM orders WHERE customer_id = p_customer;
  RETURN coalesce(v_total, 0);
END;
$fn$;
REVOKE ALL ON FUNCTION order_total(bigint) FROM PUBLIC;
