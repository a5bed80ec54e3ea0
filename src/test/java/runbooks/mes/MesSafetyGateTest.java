package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.gate.GateReport;
import runbooks.kit.gate.Policy;
import runbooks.kit.gate.Rehearsal;
import runbooks.kit.gate.SafetyGate;

/** The safety gate on the MES schema: the safe ways to change it pass the MES staging policy. */
class MesSafetyGateTest {

    private static final Path MIGRATIONS =
            Path.of(System.getProperty("runbooks.basedir", ".")).resolve("sql/mes/prisma/migrations");
    private static final Path DEPLOY =
            MIGRATIONS.resolve(MesStandIn.DEPLOY_VERSIONS.get(0)).resolve("migration.sql");

    @TempDir
    Path dir;

    private SafetyGate gate;

    @BeforeEach
    void rehearsalAtBaseline() {
        ConnectionSpec rehearsal = Rehearsal.at(
                LocalTargets.cluster(),
                new runbooks.kit.migration.PrismaMigrations(null, MIGRATIONS),
                List.of(MesStandIn.BASELINE_VERSION));
        gate = new SafetyGate(rehearsal, 150000, Duration.ofSeconds(2));
    }

    private GateReport judge(Policy policy, Path... files) {
        return new GateReport(List.of(files), gate.inspect(List.of(files)), policy);
    }

    private Path file(String name, String sql) throws IOException {
        return Files.writeString(dir.resolve(name), sql);
    }

    @Test
    @DisplayName("the MES deploy migration passes as it is, even under the production policy")
    void should_pass_the_deploy_migration() {
        GateReport report = judge(Policy.parse("error,warning"), DEPLOY);
        assertThat(report.blocking()).as(report.toText()).isEmpty();
    }

    @Test
    @DisplayName("the safe ways pass: a nullable column, an index built concurrently, NOT VALID then VALIDATE later")
    void should_pass_the_safe_ways() throws IOException {
        GateReport report = judge(
                Policy.parse("error"),
                file(
                        "V20260227153000__deploy_with_nullable_column.sql",
                        Files.readString(DEPLOY)
                                + "\nALTER TABLE mkt_futures_mes_1h ADD COLUMN note text;\n"
                                + "ALTER TABLE mkt_futures_mes_1h ADD CONSTRAINT mes_1h_volume_nonnegative CHECK (volume >= 0) NOT VALID;\n"),
                file(
                        "V20260228000000__index_concurrently.sql",
                        "CREATE INDEX CONCURRENTLY mes_1h_volume_idx ON mkt_futures_mes_1h (volume);\n"),
                file(
                        "V20260301000000__validate_later.sql",
                        "ALTER TABLE mkt_futures_mes_1h VALIDATE CONSTRAINT mes_1h_volume_nonnegative;\n"));
        assertThat(report.blocking()).as(report.toText()).isEmpty();
        assertThat(report.findings())
                .extracting(f -> f.rule())
                .contains("access-exclusive-lock", "missing-lock-timeout", "missing-statement-timeout");
    }

    @Test
    @DisplayName("the same safe ways without lock_timeout and statement_timeout are blocked by the production policy")
    void should_block_missing_timeouts_in_production() throws IOException {
        GateReport report = judge(
                Policy.parse("error,warning"),
                file(
                        "V20260227153000__deploy_with_nullable_column.sql",
                        Files.readString(DEPLOY) + "\nALTER TABLE mkt_futures_mes_1h ADD COLUMN note text;\n"));
        assertThat(report.blocking()).extracting(f -> f.rule()).containsExactly("missing-lock-timeout");
    }

    @Test
    @DisplayName("a destructive statement in the deploy is blocked with its rule code")
    void should_block_a_destructive_statement() throws IOException {
        GateReport report = judge(
                Policy.parse("error"),
                file(
                        "V20260227153000__deploy_destructive.sql",
                        Files.readString(DEPLOY) + "\nALTER TABLE mkt_futures_mes_1d RENAME COLUMN volume TO qty;\n"));
        assertThat(report.blocking()).extracting(f -> f.rule()).containsExactly("rename-column");
        assertThat(report.toJson()).contains("\"rule\" : \"rename-column\"");
    }
}
