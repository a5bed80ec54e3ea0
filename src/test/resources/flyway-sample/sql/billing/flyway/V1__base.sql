-- Billing's first release: customers and their invoices, read and written by the application role.
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    tenant text NOT NULL,
    name text NOT NULL
);
CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    tenant text NOT NULL,
    customer_id bigint NOT NULL REFERENCES customers (id),
    total numeric(12, 2) NOT NULL
);
GRANT SELECT, INSERT ON customers, invoices TO ${app_role};
GRANT USAGE ON SEQUENCE invoices_id_seq TO ${app_role};
