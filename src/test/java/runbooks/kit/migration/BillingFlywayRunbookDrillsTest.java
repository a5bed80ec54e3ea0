package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.junit.DrillsFor;

/**
 * Drills of the Flyway sample runbook: each injects one defect and proves that exactly the step that exists to catch it
 * fails. The security surface is among them: a policy dropped or a grant widened after the deploy fails the
 * verification run naming it; a rollback that leaves row-level security on fails the rollback check.
 */
@DrillsFor(BillingFlywayRunbook.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Drills: Billing tenant isolation (Flyway)")
class BillingFlywayRunbookDrillsTest {

    private static final String V3 = "billing/flyway/V3__invoices_row_level_security.sql";

    @TempDir
    static Path project;

    private FlywaySample sample;

    @BeforeAll
    void project() {
        sample = new FlywaySample(project);
    }

    @Test
    @DisplayName(
            "1 fails when V3 turns row-level security on before billing_app's policy (the gate's row-security-without-policy)")
    void rowSecurityBeforeItsPolicy() {
        String v3 = FlywaySample.read(sample.project.resolve("sql/" + V3));
        String enable = "ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\n";
        String reordered = v3.replace(enable, "")
                .replace(
                        "CREATE POLICY",
                        "-- DRILL DEFECT: row-level security on before the policy\n" + enable + "CREATE POLICY");
        assertThat(sample.localWith("rls-before-policy", Map.of(V3, reordered)).failsAt("1"))
                .contains("row-security-without-policy")
                .contains("public.invoices is under row-level security, and billing_app reads it");
    }

    @Test
    @DisplayName(
            "2 fails when V2 fails on the target's rows (a unique index on duplicates): Flyway's Failed row told with the remedy")
    void migrationFailsOnData() {
        assertThat(sample.localWith(
                                "v2-fails-on-data",
                                Map.of(
                                        "billing/flyway/V2__invoices_customer_index.sql",
                                        "-- DRILL DEFECT: unique on a column with duplicates\n"
                                                + "SET lock_timeout = '5s';\n"
                                                + "CREATE UNIQUE INDEX CONCURRENTLY invoices_tenant_key ON invoices (tenant);\n"))
                        .failsAt("2"))
                .contains("flyway migrate failed")
                .contains("is Failed in public.billing_schema_history")
                .contains("flyway repair");
    }

    @Test
    @DisplayName("3 fails when billing_app's policy was dropped after the deploy: the verification run names it")
    void policyDroppedAfterTheDeploy() {
        FlywaySample.Living staging = sample.living("billing_policy_dropped");
        assertThat(staging.drill().run()).noneMatch(s -> s.outcome().equals("failed"));
        staging.sql("DROP POLICY invoices_tenant_isolation ON invoices");
        assertThat(staging.drill().failsAt("3"))
                .contains("changed since the deploy")
                .contains("policy invoices.invoices_tenant_isolation: missing (was PERMISSIVE FOR ALL TO billing_app");
    }

    @Test
    @DisplayName("3 fails when a grant was widened to another role after the deploy: the verification run names it")
    void grantWidenedAfterTheDeploy() {
        FlywaySample.Living staging = sample.living("billing_grant_widened");
        assertThat(staging.drill().run()).noneMatch(s -> s.outcome().equals("failed"));
        staging.sql("DO $$ BEGIN CREATE ROLE billing_reporting NOLOGIN;"
                + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"
                + " GRANT SELECT, UPDATE ON invoices TO billing_reporting");
        assertThat(staging.drill().failsAt("3"))
                .contains("changed since the deploy")
                .contains("privileges table invoices: ")
                .contains("billing_reporting=rw/");
    }

    @Test
    @DisplayName("4 fails when the rollback leaves row-level security on invoices")
    void rollbackLeavesRowSecurityOn() {
        String rollback = FlywaySample.read(sample.project.resolve("sql/billing/rollback/rollback.sql"))
                .replace(
                        "ALTER TABLE invoices DISABLE ROW LEVEL SECURITY;",
                        "-- DRILL DEFECT: row-level security left on");
        assertThat(sample.localWith("rollback-leaves-rls", Map.of("billing/rollback/rollback.sql", rollback))
                        .failsAt("4"))
                .contains("schema after the rollback against before the deploy")
                .contains("row security invoices: added (enabled)");
    }
}
