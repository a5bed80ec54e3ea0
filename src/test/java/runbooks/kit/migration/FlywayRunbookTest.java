package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.junit.Drill;

/**
 * A team's Flyway runbook ({@link BillingFlywayRunbook}) run by Flyway's own engine with the team's flyway.conf: it
 * deploys on a fresh local database, on a living target it deploys then verifies on the next run, continues after V1
 * was applied by Flyway alone, and stops with one sentence on a history row Flyway would stop at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Flyway as a team's tool: a sample runbook deployed by Flyway's engine with the team's configuration")
class FlywayRunbookTest {

    @TempDir
    static Path project;

    private FlywaySample sample;

    @BeforeAll
    void project() {
        sample = new FlywaySample(project);
    }

    @Test
    @DisplayName(
            "env=local: the stand-in (V1 by Flyway), the gate, flyway migrate (V2 CONCURRENTLY outside a transaction, V3 row-level security), the probes, the rollback")
    void should_deploy_on_a_fresh_local_database() {
        List<Drill.Step> steps = sample.local().run();
        assertThat(steps).as("%s", steps).extracting(Drill.Step::outcome).containsOnly("successful");
        assertThat(steps).hasSize(5);
    }

    @Test
    @DisplayName("a living target: run 1 deploys V1-V3 on an empty database, run 2 is a verification run that passes")
    void should_deploy_then_verify_on_a_living_target() {
        FlywaySample.Living staging = sample.living("billing_fresh");
        List<Drill.Step> first = staging.drill().run();
        assertThat(first).as("run 1: %s", first).extracting(Drill.Step::outcome).doesNotContain("failed");
        assertThat(staging.target()
                        .read(
                                "history",
                                "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) AS h"
                                        + " FROM billing_schema_history")
                        .get(0, "h"))
                .as("Flyway's history table, named by the team's flyway.conf")
                .isEqualTo("1:true,2:true,3:true");
        List<Drill.Step> second = staging.drill().run();
        assertThat(second)
                .filteredOn(s -> s.name().startsWith("2 "))
                .extracting(Drill.Step::detail)
                .singleElement()
                .asString()
                .contains("Verification run")
                .contains("3 Success");
        assertThat(second)
                .filteredOn(s -> s.name().startsWith("3 "))
                .extracting(Drill.Step::outcome)
                .containsExactly("successful");
    }

    @Test
    @DisplayName("a living target where Flyway alone applied V1: the run continues with V2 and V3")
    void should_continue_after_flyway_applied_the_first_migration() {
        FlywaySample.Living staging = sample.living("billing_v1");
        staging.flywayAlone(sample.migrations(), "1");
        List<Drill.Step> steps = staging.drill().run();
        assertThat(steps)
                .as("%s", steps)
                .filteredOn(s -> s.name().startsWith("1 ")
                        || s.name().startsWith("2 ")
                        || s.name().startsWith("3 "))
                .extracting(Drill.Step::outcome)
                .containsOnly("successful");
        assertThat(staging.target()
                        .read(
                                "history",
                                "SELECT string_agg(version, ',' ORDER BY installed_rank) AS h FROM billing_schema_history")
                        .get(0, "h"))
                .isEqualTo("1,2,3");
    }

    @Test
    @DisplayName(
            "the environment's <id>.flyway.* keys reach Flyway: postgresql.transactional.lock=true makes V2's CONCURRENTLY wait on Flyway's own lock (55P03)")
    void should_pass_the_environments_flyway_keys_to_flyway() {
        FlywaySample.Living staging =
                sample.living("billing_txlock", "billing.flyway.postgresql.transactional.lock=true", "lock_timeout=2s");
        staging.flywayAlone(sample.migrations(), "1");
        assertThat(staging.drill().failsAt("2"))
                .contains("flyway migrate failed")
                .containsAnyOf("55P03", "lock timeout", "canceling statement due to lock timeout");
    }

    @Test
    @DisplayName(
            "V1's tables made without Flyway: the run stops with Flyway's refusal and the remedy; with the team's baselineOnMigrate at 1 it deploys V2 and V3")
    void should_stop_on_an_unrecorded_schema_and_baseline_when_told() {
        FlywaySample.Living staging = sample.living("billing_unrecorded");
        staging.sql(FlywaySample.read(sample.migrations().resolve("V1__base.sql"))
                .replace("${app_role}", FlywaySample.ROLE));
        assertThat(staging.drill().failsAt("1"))
                .contains("Schema public holds tables (customers, invoices) but no public.billing_schema_history")
                .contains("flyway.baselineOnMigrate=true");
        FlywaySample.Living baselined = sample.livingOn(
                staging.db(),
                "billing_unrecorded_baselined",
                "billing.flyway.baselineOnMigrate=true",
                "billing.flyway.baselineVersion=1");
        List<Drill.Step> steps = baselined.drill().run();
        assertThat(steps)
                .as("%s", steps)
                .filteredOn(s -> s.name().startsWith("1 ")
                        || s.name().startsWith("2 ")
                        || s.name().startsWith("3 "))
                .extracting(Drill.Step::outcome)
                .containsOnly("successful");
        assertThat(staging.target()
                        .read(
                                "history",
                                "SELECT string_agg(version || ':' || type, ',' ORDER BY installed_rank) AS h FROM billing_schema_history")
                        .get(0, "h"))
                .isEqualTo("1:BASELINE,2:SQL,3:SQL");
    }

    @Test
    @DisplayName(
            "a Failed row (V2 failed halfway outside a transaction): the run stops at its first step with the sentence and the remedy")
    void should_stop_on_a_failed_history_row() {
        FlywaySample.Living staging = sample.living("billing_failed");
        Path broken = project.resolve("broken-v2");
        FlywaySample.copy(sample.migrations(), broken);
        FlywaySample.write(
                broken.resolve("V2__invoices_customer_index.sql"),
                "CREATE INDEX CONCURRENTLY invoices_customer_idx ON invoices (customer_id);\n"
                        + "CREATE INDEX CONCURRENTLY invoices_no_such_idx ON invoices (no_such_column);\n");
        staging.flywayAlone(broken, "1");
        try {
            staging.flywayAlone(broken, "2");
        } catch (org.flywaydb.core.api.FlywayException expected) {
            // Flyway left V2 Failed: its first index stays, the second was never built.
        }
        assertThat(staging.drill().failsAt("1"))
                .contains("V2 (V2__invoices_customer_index.sql) is Failed in public.billing_schema_history")
                .contains("flyway repair");
    }

    @Test
    @DisplayName("an Outdated row (a repeatable script changed since it was applied): the run stops with the sentence")
    void should_stop_on_an_outdated_history_row() {
        Path team = project.resolve("team-checkout");
        FlywaySample.copy(sample.migrations(), team);
        FlywaySample.write(
                team.resolve("R__invoice_totals.sql"),
                "CREATE OR REPLACE VIEW invoice_totals AS SELECT tenant, sum(total) AS total FROM invoices GROUP BY tenant;\n");
        FlywaySample.Living staging = sample.living("billing_outdated", "billing.migrations.dir=" + team);
        staging.flywayAlone(team, "1");
        FlywaySample.write(
                team.resolve("R__invoice_totals.sql"),
                "CREATE OR REPLACE VIEW invoice_totals AS SELECT tenant, sum(total) AS total, count(*) AS invoices"
                        + " FROM invoices GROUP BY tenant;\n");
        assertThat(staging.drill().failsAt("1"))
                .contains("R (R__invoice_totals.sql) is Outdated")
                .contains("flyway migrate would re-apply it");
    }

    @Test
    @DisplayName(
            "a folder of this release's scripts alone (V1 applied from an older checkout): Missing stops the run, unless the"
                    + " team's flyway.ignoreMigrationPatterns=*:missing says so, as for flyway migrate")
    void should_ignore_what_the_teams_configuration_ignores() throws java.io.IOException {
        Path release = project.resolve("release-v2-v3");
        FlywaySample.copy(sample.migrations(), release);
        java.nio.file.Files.delete(release.resolve("V1__base.sql"));
        FlywaySample.Living strict = sample.living("billing_missing", "billing.migrations.dir=" + release);
        strict.flywayAlone(sample.migrations(), "1");
        assertThat(strict.drill().failsAt("1")).contains("is Missing");

        FlywaySample.Living ignoring = sample.living(
                "billing_missing_ignored",
                "billing.migrations.dir=" + release,
                "billing.flyway.ignoreMigrationPatterns=*:missing");
        ignoring.flywayAlone(sample.migrations(), "1");
        List<Drill.Step> steps = ignoring.drill().run();
        assertThat(steps)
                .as("%s", steps)
                .filteredOn(s -> s.name().startsWith("1 ") || s.name().startsWith("2 "))
                .extracting(Drill.Step::outcome)
                .containsOnly("successful");
    }
}
