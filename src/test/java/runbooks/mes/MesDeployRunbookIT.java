package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static runbooks.kit.data.QueryAssert.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.backfill.MonthlyBackfill;
import runbooks.kit.backfill.MonthlyBackfill.Derivation;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.data.Rows;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.SafetyStop;
import runbooks.kit.database.Target;
import runbooks.kit.database.TargetIdentity;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.Finding;
import runbooks.kit.gate.GateReport;
import runbooks.kit.gate.GateReportAssert;
import runbooks.kit.gate.GrepGate;
import runbooks.kit.gate.MigrationGate;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.DeployState;
import runbooks.kit.junit.Deployment;
import runbooks.kit.junit.Deploys;
import runbooks.kit.junit.JournalDeployState;
import runbooks.kit.junit.LocalStandIn;
import runbooks.kit.junit.NoDrill;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.RunConfiguration;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.migration.MigrationFiles;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.schema.Catalog;

/**
 * MES 4h/1w Deploy Runbook (DB Routing + Migration + Backfill): {@code mes-4h-1w-deploy.md}.
 *
 * <p>§1 preconditions are the environment file and its variables; §4's checkpoint is the rule that a
 * runbook stops at its first failing step; §5 is this class run with {@code -Denv=production};
 * §7.1 and §7.4 are human decisions with nothing to verify.
 */
@Runbook(
        id = "mes",
        document = "mes-4h-1w-deploy.md",
        documentSha256 = "e3ec4f9bf8a897f857372778dd2535b87cabf5dd103701e75bb5403f292c2d5d")
@DisplayName("MES 4h/1w deploy (mes-4h-1w-deploy.md)")
class MesDeployRunbookIT {

    private final RunbookContext runbook;
    private final RunConfiguration config;
    private final Deployment deploy;
    private String firstBackfillChecksums;

    /** Whether 03.4.2 continued a backfill that was cut off (its ids then have the gaps of the chunks rolled back). */
    private boolean resumed;

    MesDeployRunbookIT(RunbookContext runbook) {
        this.runbook = runbook;
        this.config = runbook.config();
        this.deploy = runbook.deploy();
        deploy.readsStateWith(this::deployState);
    }

    private DeployState deployState() {
        DeployState journal = JournalDeployState.of(migrations(), MesStandIn.DEPLOY_VERSIONS);
        if (!journal.isComplete()) {
            return journal;
        }
        int left = backfill().chunksLeft(LocalDate.parse(MesStandIn.COVERAGE_START), Instant.now());
        return left > 0
                ? DeployState.continuing(journal.evidence() + "; the backfill is not complete: " + left
                        + " month chunks hold source bars no derived bar covers, and 03.4.2 continues from them")
                : DeployState.complete(journal.evidence() + "; the backfill covers every source bar since "
                        + MesStandIn.COVERAGE_START);
    }

    @Test
    @LocalStandIn
    @DisplayName("01 Local stand-in: the MES database as it stood before the deploy (schema and source bars)")
    void localStandIn() {
        MesStandIn.prepare(runbook);
        Evidence.text("migrate status", migrations().status());
        assertThat(migrations().appliedVersions()).containsExactly(MesStandIn.BASELINE_VERSION);
    }

    @Test
    @Deploys
    @DisplayName("02 Additive-only migration gate")
    void additiveOnlyGate() {
        List<Path> pending = migrations().pendingFiles();
        if (pending.isEmpty() && deploy.state().kind() == DeployState.Kind.CONTINUING) {
            Assumptions.abort("Nothing to gate: the deploy's migrations are applied ("
                    + deploy.state().evidence() + ").");
        }
        assertThat(pending).as("pending migrations to gate").isNotEmpty();
        pending.forEach(file -> Evidence.file("pending migration " + MigrationFiles.displayName(file), file));

        MigrationGate grep = new GrepGate();
        List<Finding> grepped = Evidence.step("Runbook check: " + grep.name(), () -> grep.inspect(pending));
        Evidence.text("grep output", grepped.isEmpty() ? "(no output)" : Finding.lines(grepped));

        // §2: "Migration contains only enum add, table creates, and index creates": the deploy's own migrations.
        GateReport report = deploy.gate()
                .rehearsingMigrations(migrations())
                .allowingOnly(
                        Set.of("enum-add-value", "create-table", "create-index"),
                        file -> MesStandIn.DEPLOY_VERSIONS.stream().anyMatch(v -> file.startsWith(v + "/")))
                .judge(pending);

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(grepped)
                    .as("output of %s (expected: no output)", grep.name())
                    .isEmpty();
            soft.check(() -> GateReportAssert.assertThat(report).hasNoBlockingFindings());
        });
    }

    @Test
    @DisplayName("03.1 Preflight target check")
    void preflightTargetCheck() {
        TargetIdentity identity = Evidence.step(
                "Printed host matches the " + config.env().name() + " database",
                () -> runbook.target().verify().identity());
        Evidence.text("target", identity.toText());
        deploy.report("applied_migrations", String.join(", ", migrations().appliedVersions()));
        JournalDeployState.requireOnlyPending(migrations(), MesStandIn.DEPLOY_VERSIONS);
    }

    @Test
    @Deploys
    @DisplayName("03.2 Apply migration")
    void applyMigration() {
        if (migrations().pendingVersions().isEmpty()) {
            Assumptions.abort("Already applied by an earlier run, which was cut off after it: "
                    + deploy.state().evidence() + ".");
        }
        migrations()
                .pendingFiles()
                .forEach(file -> Evidence.file("applying " + MigrationFiles.displayName(file), file));
        int applied = deploy.applyPending(
                migrations(),
                MesSettings.MIGRATE_COMMAND,
                config.env().duration(MesSettings.MIGRATE_TIMEOUT, MesSettings.MIGRATE_TIMEOUT_DEFAULT));
        Evidence.text("prisma migrate deploy", "applied " + applied + " migration(s)");
        assertThat(applied).as("migrations applied by migrate deploy").isEqualTo(MesStandIn.DEPLOY_VERSIONS.size());
        Evidence.text("prisma migrate status", migrations().status());
        deploy.report("applied_migrations", String.join(", ", migrations().appliedVersions()));
        assertThat(migrations().isUpToDate())
                .as("prisma migrate status reports the schema up to date")
                .isTrue();
        assertThat(migrations().pendingVersions())
                .as("pending migrations after deploy")
                .isEmpty();
        runbook.checkSql("kit/no_flyway_journal.sql");
    }

    @Test
    @DisplayName("03.3 Schema presence check")
    void schemaPresence() {
        Catalog catalog = new Catalog(runbook.target());
        List.of("mkt_futures_mes_4h", "mkt_futures_mes_1w")
                .forEach(table -> Evidence.rows("\\d " + table, catalog.describe(table)));
        runbook.checkSql("mes/checks/3.3_schema_presence.sql");
        deploy.checkDeployedSchema();
        Rows counts = runbook.query("mes/checks/3.5_counts_and_coverage.sql");
        Evidence.text("row counts before backfill (zero is acceptable)", counts.toText(1));
    }

    @Test
    @DisplayName("03.4.1 Source bars are present (mkt_futures_mes_1h from ohlcv-1h, _1d from ohlcv-1d)")
    void sourceBarsPresent() {
        runbook.checkSql("mes/checks/3.4.1_source_bars.sql");
    }

    @Test
    @Deploys
    @DisplayName("03.4.2 Historical backfill in month chunks (--strict)")
    void historicalBackfill() {
        // --retry-manifest=<manifest.json>: rerun only the failed or partial month chunks of an earlier run. Without
        // it, a backfill an earlier run left incomplete (Ctrl-C, a restart) continues from the uncovered chunks.
        Optional<String> retry = config.setting(MesSettings.RETRY_MANIFEST).filter(m -> !m.isBlank());
        LocalDate start = LocalDate.parse(MesStandIn.COVERAGE_START);
        resumed = retry.isEmpty()
                && deploy.state().kind() == DeployState.Kind.CONTINUING
                && migrations().pendingVersions().isEmpty();
        MonthlyBackfill.Result run = retry.map(
                        manifest -> backfill().retry(config.basedir().resolve(manifest)))
                .orElseGet(() -> resumed
                        ? backfill().resume(start, Instant.now())
                        : backfill().run(start, Instant.now()));
        Evidence.json("manifest " + run.file().getFileName(), run.manifest().toJson());
        assertThat(run.manifest().notSucceeded())
                .as("chunks not succeeded in %s (strict: every month chunk must cover all its source bars)", run.file())
                .isEmpty();
        firstBackfillChecksums = checksums(!resumed);
    }

    @Test
    @Deploys
    @DisplayName("03.4.3 Backfill is idempotent: a second run changes nothing")
    void backfillIsIdempotent() {
        MonthlyBackfill.Result again = backfill().run(LocalDate.parse(MesStandIn.COVERAGE_START), Instant.now());
        Evidence.json("manifest of the second run", again.manifest().toJson());
        assertThat(again.manifest().inserted())
                .as("bars inserted by a second run")
                .isZero();
        assertThat(again.manifest().updated())
                .as("bars rewritten by a second run")
                .isZero();
        assertThat(checksums(!resumed)).as("derived tables after a second run").isEqualTo(firstBackfillChecksums);
    }

    @Test
    @DisplayName("03.5.1 Post-backfill counts and coverage")
    void countsAndCoverage() {
        runbook.checkSql("mes/checks/3.5_derived_counts.sql");
        assertThat(runbook.query(
                        "mes/checks/3.5_coverage_problems.sql",
                        Map.of("runbook.coverage_start", MesStandIn.COVERAGE_START)))
                .hasNoRows();
    }

    @Test
    @DisplayName("03.5.2 Ratio sanity")
    void ratioSanity() {
        runbook.checkSql("mes/checks/3.5_ratio_sanity.sql");
    }

    @Test
    @DisplayName(
            "03.5.3 Derived bars are well formed (unique, aligned, OHLC consistent); each table's keys refuse a duplicate (rolled back)")
    void barsWellFormed() {
        runbook.checkSql("mes/checks/3.5_malformed_bars.sql");
        BehaviourProbes.requireAsStated(runbook, "mes/checks/probes");
    }

    @Test
    @DisplayName("03.5.4 Every derived bar equals the aggregate of its source bars")
    void derivedEqualsSource() {
        runbook.checkSql("mes/checks/3.5_derived_4h_vs_source.sql");
        runbook.checkSql("mes/checks/3.5_derived_1w_vs_source.sql");
    }

    @Test
    @DisplayName("03.5.5 No gaps in sessions that should have bars")
    void noSessionGaps() {
        runbook.checkSql("mes/checks/3.5_session_gaps.sql");
    }

    @Test
    @DisplayName("06 Dataset and training smoke (pipeline integrity only)")
    void datasetAndTrainingSmoke() {
        ConfiguredCommand smoke = config.command(
                        MesSettings.SMOKE_COMMAND, MesSettings.SMOKE_TIMEOUT, MesSettings.SMOKE_TIMEOUT_DEFAULT)
                .orElseGet(() -> Assumptions.abort("Not configured: set mes.smoke.command in "
                        + config.env().source()
                        + " to the team's build-lean-dataset and train-core-forecaster commands."));
        smoke.run().requireSuccess(smoke.command());
    }

    @Test
    @Deploys
    @OnlyIn(
            value = {"local", "staging"},
            reason = "a drill of the failure playbook; never truncate production tables as a test")
    @DisplayName("07.2 Truncate the derived tables and re-run 3.4: identical result")
    void truncateAndRerun() {
        runbook.target().verify().execute(runbook.sql("mes/rollback/7.2_truncate_derived.sql"));
        MonthlyBackfill.Result rerun = backfill().run(LocalDate.parse(MesStandIn.COVERAGE_START), Instant.now());
        Evidence.json("manifest of the re-run", rerun.manifest().toJson());
        assertThat(rerun.manifest().notSucceeded())
                .as("chunks not succeeded in the re-run")
                .isEmpty();
        // A continued backfill numbered its rows with the gaps of the chunks cut off; TRUNCATE ... RESTART IDENTITY
        // numbers them without: then the bars themselves (every column but the id) must come out the same.
        assertThat(checksums(!resumed))
                .as(
                        "derived tables after truncate and re-run, against the first run (checksums%s)",
                        resumed ? " without the ids: the first run continued a backfill cut off" : "")
                .isEqualTo(firstBackfillChecksums);
    }

    @Test
    @OnlyIn(value = "local", reason = "needs a second database the suite may create; see the wrong-target drill")
    @NoDrill(
            "the wrong-target refusal is proved by the 03.1 drill; a defect in 07.3 itself is a kit defect (TargetTest)")
    @DisplayName("07.3 Wrong database targeted: stopped before any write, nothing written")
    void wrongDatabaseTargeted() {
        ConnectionSpec decoySpec = config.rehearsalCluster().createDatabase("mes_decoy");
        String relations = runbook.sql("mes/checks/7.3_public_relations.sql").text();
        Target decoy = new Target(
                decoySpec,
                Expectation.database(runbook.target().spec().database(), "this runbook's target"),
                runbook.target().timeouts());
        String before = decoy.read("catalog snapshot", relations).toCsv();
        assertThatThrownBy(decoy::verify)
                .isInstanceOf(SafetyStop.class)
                .hasMessageContaining("expected " + runbook.target().spec().database())
                .hasMessageContaining("connected to " + decoySpec.database());
        assertThatThrownBy(() -> migrations().on(decoy).migrate())
                .isInstanceOf(SafetyStop.class)
                .hasMessageContaining("stopping before any write");
        Evidence.text(
                "7.3 record: host and _prisma_migrations of the wrong database",
                decoy.identity().asMap() + "\n" + "_prisma_migrations: "
                        + migrations().on(decoy).appliedVersions() + "\n"
                        + migrations().on(decoy).status());
        assertThat(decoy.read("catalog snapshot", relations).toCsv())
                .as("relations in the wrong database after the attempt")
                .isEqualTo(before);
    }

    private MigrationJournal migrations() {
        return MesStandIn.migrations(runbook);
    }

    private MonthlyBackfill backfill() {
        return new MonthlyBackfill(
                "mes",
                runbook.target(),
                List.of(
                        new Derivation(
                                "mkt_futures_mes_4h",
                                runbook.sql("mes/backfill/derive_4h_from_1h.sql"),
                                runbook.sql("mes/backfill/uncovered_1h.sql")),
                        new Derivation(
                                "mkt_futures_mes_1w",
                                runbook.sql("mes/backfill/derive_1w_from_1d.sql"),
                                runbook.sql("mes/backfill/uncovered_1d.sql"))),
                // One chunk at a time, as the team's script: 07.2 requires the re-run's ids to equal the first
                // run's, and chunks on several sessions number their rows in the order they happen to finish.
                config.workDir().resolve("backfill"));
    }

    /** The derived tables' row counts and md5 ({@code checks/checksums.sql}), with or without their ids. */
    private String checksums(boolean withIds) {
        return runbook.query("mes/checks/checksums.sql", Map.of("runbook.with_ids", withIds ? "on" : "off"))
                .toCsv();
    }
}
