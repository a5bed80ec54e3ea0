package runbooks.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static runbooks.kit.data.QueryAssert.assertThat;
import static runbooks.kit.schema.SchemaAssert.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.Deploys;
import runbooks.kit.junit.LocalStandIn;
import runbooks.kit.junit.NeedsLiveSystem;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.RollbackBaseline;
import runbooks.kit.junit.RunMode;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.RunbookDefect;
import runbooks.kit.sql.SqlFile;

/**
 * Phase 5 Deployment Checklist: {@code phase5-aggregation-redesign.md}.
 *
 * <p>The monitoring cadence (every 5 minutes, hourly, every 12 hours, daily) and the three alert
 * conditions are checked together at every poll while the worker runs, for {@code agg.monitor.window}
 * (compressed locally, the real 24 hours on staging if configured so).
 */
@Runbook(
        id = "phase5",
        document = "phase5-aggregation-redesign.md",
        sql = "agg",
        documentSha256 = "6d80c99c453c1c2c66318dbb68d17a1eb195849b8762ebbf19827ac894e563b9")
@DisplayName("Phase 5 aggregation redesign (phase5-aggregation-redesign.md)")
class Phase5RedesignRunbookIT {

    private static final String MIGRATION = "agg/migrations/011_aggregation_redesign.sql";
    private static final String ROLLBACK = "agg/migrations/011_aggregation_redesign_ROLLBACK.sql";
    private static final String ROLLBACK_CORRECTED = "agg/migrations/011_aggregation_redesign_ROLLBACK_corrected.sql";

    private final RunbookContext runbook;
    private final AggregationWatch aggregation;
    private final Phase5Monitoring monitoring;
    private List<String> migrationNotices;
    private Rows beforeRollback;
    private RollbackBaseline beforeDeploy;
    private Instant deployedAt;

    Phase5RedesignRunbookIT(RunbookContext runbook) {
        this.runbook = runbook;
        this.aggregation = new AggregationWatch(runbook);
        this.monitoring = new Phase5Monitoring(runbook, aggregation);
        runbook.deploy().readsStateFrom("agg/checks/phase5/deploy_state.sql");
    }

    @Test
    @LocalStandIn
    @DisplayName("00 Local stand-in: the aggregation system after the cursor fix (004-006)")
    void localStandIn() {
        AggStandIn.afterCursorFix(runbook);
    }

    @Test
    @Deploys
    @DisplayName("01 Pre-deployment: backup of data_agg_state, proven restorable")
    void backup() throws SQLException, IOException {
        runbook.target().verify();
        beforeDeploy = RollbackBaseline.record(
                runbook, "agg/checks/after_rollback", runbook.config().isLocal());
        Path file = runbook.config()
                .workDir()
                .resolve("backup_agg_state_" + runbook.target().now().toString().replace(":", "") + ".csv");
        SqlFile copy = runbook.sql("agg/checks/phase5/backup_copy.sql");
        Evidence.sql(copy.name(), copy.text());
        // One REPEATABLE READ transaction: the backup, its restore into a scratch table and the comparison all
        // see the same snapshot, whatever the worker does meanwhile. Rolled back: nothing stays.
        long[] result = runbook.target().verify().writing(c -> {
            c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            try (var s = c.createStatement()) {
                CopyManager copier = new CopyManager(c.unwrap(BaseConnection.class));
                long copied;
                try (Writer out = Files.newBufferedWriter(file)) {
                    copied = copier.copyOut(copy.text(), out);
                }
                s.execute("CREATE TEMP TABLE restore_check (LIKE data_agg_state)");
                try (Reader in = Files.newBufferedReader(file)) {
                    copier.copyIn("COPY restore_check FROM STDIN WITH (FORMAT csv, HEADER true)", in);
                }
                var rs = s.executeQuery(
                        "SELECT (SELECT count(*) FROM data_agg_state),"
                                + " (SELECT count(*) FROM (SELECT * FROM data_agg_state EXCEPT SELECT * FROM restore_check) a)"
                                + " + (SELECT count(*) FROM (SELECT * FROM restore_check EXCEPT SELECT * FROM data_agg_state) b)");
                rs.next();
                return new long[] {copied, rs.getLong(1), rs.getLong(2)};
            } catch (IOException e) {
                throw new SQLException("could not write or read " + file, e);
            } finally {
                c.rollback();
            }
        });
        Evidence.text("backup " + file.getFileName(), Files.readString(file));
        assertThat(result[0]).as("rows in the backup %s", file).isEqualTo(result[1]);
        assertThat(result[2])
                .as("rows that differ between data_agg_state and the backup restored into a scratch table")
                .isZero();
    }

    @Test
    @Deploys
    @DisplayName("02 Pre-deployment: DBA review of 011 (safety gate: no dangerous operations)")
    void dbaReview() {
        // The schema before 011 (005 only moves data, and checks it: a schema-only rehearsal has none).
        runbook.deploy()
                .gate()
                .rehearsing(
                        "agg/baseline/001_schema.sql",
                        "agg/baseline/002_functions.sql",
                        "agg/migrations/004_fix_aggregator_cursor.sql",
                        "agg/migrations/006_aggregation_monitoring_view.sql")
                .requirePass(MIGRATION);
    }

    @Test
    @Deploys
    @DisplayName("03 Step 1: Apply 011_aggregation_redesign.sql (psql)")
    void applyMigration() {
        deployedAt = runbook.target().now();
        migrationNotices = runbook.target().verify().script(runbook.sql(MIGRATION));
        assertThat(migrationNotices)
                .as("NOTICEs in the migration's output (success criterion 1: none)")
                .isEmpty();
    }

    @Test
    @DisplayName("04 Step 2: Verify the three new columns")
    void verifyColumns() {
        runbook.checkDocumentSection("2");
    }

    @Test
    @DisplayName(
            "05 Step 3: Verify the five functions exist, all SECURITY DEFINER, each working whatever its caller's search_path")
    void verifyFunctions() {
        runbook.checkSql("agg/checks/phase5/step3_signatures.sql");
        runbook.checkSql("agg/checks/phase5/step3_functions.sql");
        BehaviourProbes.requireAsStated(runbook, "agg/checks/phase5/probes");
    }

    @Test
    @DisplayName(
            "06 Step 4: Verify index idx_agg_state_due_priority (on enabled, status, task_priority, next_run_at_utc)")
    void verifyIndex() {
        runbook.deploy().checkDeployedSchema();
        runbook.checkSql("agg/checks/phase5/step4_index.sql");
    }

    @Test
    @DisplayName("07 Step 5: Verify data integrity (defaults, no hard_failed task)")
    void verifyIntegrity() {
        runbook.checkDocumentSection("5");
        runbook.checkSql("agg/checks/phase5/step5_priority.sql");
    }

    @Test
    @DisplayName(
            "08 Step 6: Quick function tests (bootstrap cursor, due tasks, registry sync; rolled back; expected values from the state)")
    void functionTests() {
        BehaviourProbes.requireAsStated(runbook, "agg/checks/phase5/step6");
    }

    @Test
    @NeedsLiveSystem("it watches the team's worker for 24 hours, and a copy has no worker")
    @DisplayName(
            "09 Post-deployment monitoring (24 hours; locally 24 simulated hours): each check at its cadence, alerts 1-3")
    void monitoring() {
        monitoring.watch();
    }

    @Test
    @NeedsLiveSystem("criteria 8, 9 and 12 are what step 09 saw the team's worker do, and a copy has no worker"
            + " (1-7, 10 and 11 are steps 02-07's checks, rehearsed)")
    @DisplayName("10 Success criteria 1-12")
    void successCriteria() {
        SoftAssertions.assertSoftly(soft -> {
            if (runbook.deploy().mode() == RunMode.DEPLOY) {
                soft.assertThat(migrationNotices)
                        .as("1. migration executed without NOTICE/ERROR")
                        .isNotNull()
                        .isEmpty();
            }
            soft.assertThatCode(() -> runbook.checkSql("agg/checks/phase5/step3_signatures.sql"))
                    .as("3. all 5 functions exist with correct signatures")
                    .doesNotThrowAnyException();
            soft.assertThatCode(() -> runbook.checkSql("agg/checks/phase5/success_criteria.sql"))
                    .as("2, 4, 5-7, 10, 11. columns, index, every task's defaults, no hard_failed task, no streak")
                    .doesNotThrowAnyException();
            soft.assertThat(monitoring.longRunProblems())
                    .as("8. aggregation completes within 5 minutes")
                    .isEmpty();
            soft.assertThat(monitoring.lagProblems())
                    .as("9. aggregation lag < 1 hour for all mandatory tasks")
                    .isEmpty();
            soft.assertThat(monitoring.qualityProblems())
                    .as("12. data quality stable (>= 90% good bars)")
                    .isEmpty();
            soft.assertThat(runbook.query(
                                    "agg/checks/derived_vs_source.sql",
                                    Map.of(
                                            "runbook.since",
                                            String.valueOf(deployedAt == null ? Instant.EPOCH : deployedAt)))
                            .toText(10))
                    .as("12. derived bars equal the aggregate of their 1m source bars")
                    .endsWith("(0 rows)");
        });
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on staging it would undo the deploy being verified")
    @DisplayName("11 If rollback needed: the runbook's 011_aggregation_redesign_ROLLBACK.sql, tried on a copy")
    void documentRollback() {
        stopLocalWorker();
        Target copy = RollbackTrial.copyOf(runbook, "phase5_rollback_copy");
        copy.verify().script(runbook.sql(ROLLBACK));
        String failure = RollbackTrial.workerCycle(copy);
        copy.close();
        Evidence.text("worker cycle on the copy after the runbook's rollback", failure == null ? "succeeded" : failure);
        RunbookDefect.unless(
                failure == null,
                () -> "the rollback as the document writes it (" + ROLLBACK + ") leaves the system"
                        + " broken: " + failure
                        + ". It drops catchup_aggregation_range, agg_finish and agg_get_due_tasks, which existed before 011."
                        + " The suite rolls back with sql/" + ROLLBACK_CORRECTED + " instead (next step).");
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on staging it would undo the deploy being verified")
    @DisplayName("12 Rollback: 011_aggregation_redesign_ROLLBACK_corrected.sql")
    void rollback() {
        stopLocalWorker();
        beforeRollback = runbook.query("agg/checks/phase5/state_without_phase5_columns.sql");
        runbook.target().verify().script(runbook.sql(ROLLBACK_CORRECTED));
    }

    @Test
    @OnlyIn(value = "local", reason = "follows the local rollback drill")
    @DisplayName(
            "13 Verify rollback: columns, new functions and index gone, schema as before 011, data intact, the worker runs")
    void verifyRollback() {
        runbook.checkSql("agg/checks/phase5/rollback_verify.sql");
        beforeDeploy.requireRestored();
        assertThat(runbook.query("agg/checks/phase5/state_without_phase5_columns.sql")
                        .toCsv())
                .as("data_agg_state (pre-011 columns) after the rollback, against just before it")
                .isEqualTo(beforeRollback.toCsv());
        assertThat(RollbackTrial.workerCycle(runbook.target()))
                .as("the worker's first cycle after the rollback")
                .isNull();
    }

    @AfterAll
    void stopLocalWorker() {
        aggregation.close();
    }
}
