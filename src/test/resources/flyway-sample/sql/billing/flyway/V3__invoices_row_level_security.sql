-- Tenant isolation: the application sees and writes only the invoices of the tenant its session names
-- (SET app.tenant). The policy comes first, so the role keeps its reads the moment row-level security is on.
SET lock_timeout = '5s';
SET statement_timeout = '30s';
CREATE POLICY invoices_tenant_isolation ON invoices FOR ALL TO ${app_role}
    USING (tenant = current_setting('app.tenant', true))
    WITH CHECK (tenant = current_setting('app.tenant', true));
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
