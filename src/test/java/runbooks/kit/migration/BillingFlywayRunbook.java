package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.GateReportAssert;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.DeployState;
import runbooks.kit.junit.Deploys;
import runbooks.kit.junit.LocalStandIn;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * A sample runbook of a team that deploys with Flyway ({@code src/test/resources/flyway-sample/}: the team's
 * {@code flyway.conf}, V1 base tables, V2 {@code CREATE INDEX CONCURRENTLY} with its {@code .sql.conf}, V3 row-level
 * security with a policy, a manual rollback). Run by {@link FlywayRunbookTest} in a project folder of its own.
 */
@Runbook(id = "billing", document = "billing-tenant-isolation.md")
@DisplayName("Billing tenant isolation, Flyway V2-V3 (billing-tenant-isolation.md)")
class BillingFlywayRunbook {

    static final String MIGRATIONS = "billing/flyway";
    static final String CONF = "billing/flyway.conf";
    /** The versions this runbook deploys. */
    static final List<String> DEPLOY = List.of("2", "3");

    private final RunbookContext runbook;

    BillingFlywayRunbook(RunbookContext runbook) {
        this.runbook = runbook;
        runbook.deploy().readsStateWith(this::deployState);
    }

    /** The deploy state as {@code flyway info} reports it: a state Flyway would stop at stops the run with its sentence. */
    private DeployState deployState() {
        FlywayMigrations flyway = migrations();
        List<String> problems = flyway.problems();
        if (!problems.isEmpty()) {
            return DeployState.partial(String.join(" ", problems));
        }
        List<String> applied = flyway.appliedVersions();
        List<String> pending = flyway.pendingVersions();
        if (pending.isEmpty() && applied.containsAll(DEPLOY)) {
            return DeployState.complete(String.join(
                    "; ",
                    DEPLOY.stream()
                            .flatMap(v -> flyway.appliedRecord(v).stream())
                            .toList()));
        }
        return applied.isEmpty()
                ? DeployState.notStarted("nothing applied in " + flyway.historyTable() + "; pending " + pending)
                : DeployState.continuing(
                        "applied " + applied + ", pending " + pending + " (" + flyway.historyTable() + ")");
    }

    @Test
    @LocalStandIn
    @DisplayName("00 Local stand-in: the application role, V1 applied by Flyway, two tenants' invoices")
    void localStandIn() {
        runbook.target().verify();
        runbook.target()
                .verify()
                .script(new runbooks.kit.sql.SqlFile(
                        "billing_app role",
                        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'billing_app')"
                                + " THEN CREATE ROLE billing_app NOLOGIN; END IF; END $$"));
        migrations().migrateTo("1");
        runbook.config()
                .sqlFiles()
                .filesIn("billing/standin", runbook.config().workDir().resolve("sql"))
                .forEach(runbook::psql);
    }

    @Test
    @Deploys
    @DisplayName(
            "1 Pre-checks: flyway info (nothing Failed, Outdated, Ignored, Missing, Future), the gate on the pending scripts")
    void preChecks() {
        FlywayMigrations flyway = migrations();
        Evidence.text("flyway info", flyway.status());
        Evidence.text("Flyway configuration", flyway.configuration().describe());
        assertThat(flyway.problems())
                .as("flyway info: states that stop a deploy")
                .isEmpty();
        GateReportAssert.assertThat(runbook.deploy()
                        .gate()
                        .rehearsingMigrations(flyway)
                        .judge(flyway.pendingScripts(runbook.config().workDir().resolve("flyway-as-run"))))
                .hasNoBlockingFindings();
    }

    @Test
    @Deploys
    @DisplayName("2 Apply: flyway migrate with the team's configuration")
    void apply() {
        FlywayMigrations flyway = migrations();
        flyway.migrate();
        Evidence.text("flyway info after migrate", flyway.status());
        assertThat(flyway.pendingVersions()).as("pending after flyway migrate").isEmpty();
        assertThat(flyway.problems()).as("flyway info after migrate").isEmpty();
    }

    @Test
    @DisplayName("3 Verify: billing_app sees its tenant's invoices only; the schema as the deploy left it")
    void verify() {
        // What changed since the deploy is named first: a dropped policy also makes the probes fail, less precisely.
        runbook.deploy().checkDeployedSchema();
        assertThat(BehaviourProbes.notAsStated(runbook, "billing/probes"))
                .as("tenant isolation probes (sql/billing/probes)")
                .isEmpty();
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on a living target it would undo the deploy being verified")
    @DisplayName("4 Rollback: rollback.sql, then the schema, security and rows as the deploy found them")
    void rollback() {
        runbook.psql("billing/rollback/rollback.sql");
        runbook.deploy().checkRolledBack();
        assertThat(migrations().pendingVersions())
                .as("Flyway pending after the rollback")
                .isEqualTo(DEPLOY);
    }

    private FlywayMigrations migrations() {
        return runbook.deploy().flyway(MIGRATIONS, CONF);
    }
}
