-- Manual rollback of V3 and V2 (Flyway Community has no undo): back to V1, history included.
ALTER TABLE invoices DISABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS invoices_tenant_isolation ON invoices;
DROP INDEX CONCURRENTLY IF EXISTS invoices_customer_idx;
DELETE FROM billing_schema_history WHERE version IN ('2', '3');
