package runbooks.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static runbooks.kit.data.QueryAssert.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import runbooks.kit.database.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.GateReport;
import runbooks.kit.gate.Policy;
import runbooks.kit.gate.Rehearsal;
import runbooks.kit.gate.SafetyGate;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.monitoring.Watch;
import runbooks.kit.sql.SqlFile;

/**
 * Phase 5 Deployment Checklist: {@code phase5-aggregation-redesign.md}.
 *
 * <p>The monitoring cadence (every 5 minutes, hourly, every 12 hours, daily) and the three alert
 * conditions are checked together at every poll while the worker runs, for {@code agg.monitor.window}
 * (compressed locally, the real 24 hours on staging if configured so).
 */
@Runbook(id = "phase5", document = "phase5-aggregation-redesign.md")
@DisplayName("Phase 5 aggregation redesign (phase5-aggregation-redesign.md)")
class Phase5RedesignRunbookIT {

    private static final String MIGRATION = "agg/migrations/011_aggregation_redesign.sql";
    private static final String ROLLBACK = "agg/migrations/011_aggregation_redesign_ROLLBACK.sql";

    private final RunbookContext runbook;
    private LocalAggregation live;
    private List<String> migrationNotices;
    private Rows beforeRollback;

    Phase5RedesignRunbookIT(RunbookContext runbook) {
        this.runbook = runbook;
    }

    @Test
    @OnlyIn(value = "local", reason = "the suite builds the pre-deploy state only in its own fresh local database")
    @DisplayName("00 Local stand-in: the aggregation system after the cursor fix (004-006)")
    void localStandIn() {
        AggStandIn.afterCursorFix(runbook);
    }

    @Test
    @DisplayName("01 Pre-deployment: backup of data_agg_state, proven restorable")
    void backup() throws SQLException, IOException {
        runbook.target().verify();
        Path file = runbook.workDir().resolve("backup_agg_state_" + Instant.now().toString().replace(":", "") + ".csv");
        SqlFile copy = runbook.sql("agg/checks/phase5/backup_copy.sql");
        Evidence.sql(copy.name(), copy.text());
        // One REPEATABLE READ transaction: the backup, its restore into a scratch table and the comparison all
        // see the same snapshot, whatever the worker does meanwhile. Rolled back: nothing stays.
        long[] result = runbook.target().writing(c -> {
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
                var rs = s.executeQuery("SELECT (SELECT count(*) FROM data_agg_state),"
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
        assertThat(result[2]).as("rows that differ between data_agg_state and the backup restored into a scratch table").isZero();
    }

    @Test
    @DisplayName("02 Pre-deployment: DBA review of 011 (safety gate: no dangerous operations)")
    void dbaReview() {
        Path migration = runbook.sqlFiles().directory("agg/migrations", runbook.workDir().resolve("sql")).resolve("011_aggregation_redesign.sql");
        int targetVersion = Integer.parseInt(runbook.target().read("version", "SELECT current_setting('server_version_num') AS v").single("v"));
        // The schema before 011 (005 only moves data, and checks it: a schema-only rehearsal has none).
        java.util.function.Supplier<runbooks.kit.database.ConnectionSpec> rebuild = () -> Rehearsal.fromScripts(runbook.rehearsalCluster(),
                List.of(runbook.sql("agg/baseline/001_schema.sql"), runbook.sql("agg/baseline/002_functions.sql"),
                        runbook.sql("agg/migrations/004_fix_aggregator_cursor.sql"), runbook.sql("agg/migrations/006_aggregation_monitoring_view.sql")));
        String rebuilt = "the scripts that built it (baseline, 004, 006)";
        Rehearsal.Prepared prepared = runbook.isLocal() ? new Rehearsal.Prepared(rebuild.get(), rebuilt)
                : Rehearsal.copyOrRebuild(runbook.rehearsalCluster(), runbook.target().spec(), rebuild, rebuilt);
        Evidence.text("rehearsal database", prepared.database().masked() + ": schema from " + prepared.how());
        var rehearsal = prepared.database();
        Policy policy = Policy.parse(runbook.setting("gate.block").orElse(Policy.DEFAULT));
        GateReport report = new GateReport(List.of(migration),
                new SafetyGate(rehearsal, targetVersion, runbook.env().duration("gate.max_lock", Duration.ofSeconds(2))).inspect(List.of(migration)),
                policy);
        Evidence.text("safety gate findings", report.toText());
        Evidence.json("safety gate findings", report.toJson());
        assertThat(report.blocking()).as("blocking findings (policy %s):%s", policy, report.blockingSummary()).isEmpty();
    }

    @Test
    @DisplayName("03 Step 1: Apply 011_aggregation_redesign.sql (psql)")
    void applyMigration() {
        migrationNotices = runbook.target().script(runbook.sql(MIGRATION));
        assertThat(migrationNotices).as("NOTICEs in the migration's output (success criterion 1: none)").isEmpty();
    }

    @Test
    @DisplayName("04 Step 2: Verify the three new columns")
    void verifyColumns() {
        assertThat(lines(query("step2_columns.sql"))).isEqualTo("""
                column_name,data_type,is_nullable
                agg_start_utc,timestamp with time zone,NO
                enabled,boolean,NO
                task_priority,integer,NO
                """);
    }

    @Test
    @DisplayName("05 Step 3: Verify the five functions exist, all SECURITY DEFINER")
    void verifyFunctions() {
        assertThat(lines(query("step3_functions.sql"))).isEqualTo("""
                proname,pronargs,prosecdef
                agg_bootstrap_cursor,2,t
                agg_finish,6,t
                agg_get_due_tasks,4,t
                catchup_aggregation_range,7,t
                sync_agg_state_from_registry,2,t
                """);
    }

    @Test
    @DisplayName("06 Step 4: Verify index idx_agg_state_due_priority")
    void verifyIndex() {
        Rows index = query("step4_index.sql");
        assertThat(index.size()).as("rows of %s (expected: 1 row with index definition)", index.source()).isEqualTo(1);
    }

    @Test
    @DisplayName("07 Step 5: Verify data integrity (defaults, no hard_failed task)")
    void verifyIntegrity() {
        Rows r = query("step5_integrity.sql");
        assertThat(r).value("null_count").isEqualTo("0");
        assertThat(r).value("disabled_count").isEqualTo("0");
        assertThat(r).value("priority_variance").isEqualTo("1");
        assertThat(r).value("priority").isEqualTo("100");
        assertThat(r).value("hard_failed_count").isEqualTo("0");
    }

    @Test
    @DisplayName("08 Step 6: Quick function tests (bootstrap cursor, due tasks, registry sync; rolled back)")
    void functionTests() {
        Rows bootstrap = query("step6_bootstrap_cursor.sql");
        assertThat(bootstrap).value("not_before_start").isEqualTo("t");
        assertThat(bootstrap).value("on_boundary").isEqualTo("t");
        Rows due = runbook.target().trial(runbook.sql("agg/checks/phase5/step6_due_tasks.sql"));
        assertThat(Integer.parseInt(due.single("due_tasks"))).as("due_tasks (0 if all running, up to 10 if idle)").isBetween(0, 10);
        Rows sync = runbook.target().trial(runbook.sql("agg/checks/phase5/step6_sync_registry.sql"));
        assertThat(sync).value("success").isEqualTo("t");
        assertThat(sync).value("tasks_total").isPositive();
    }

    @Test
    @DisplayName("09 Post-deployment monitoring: every 5 minutes, hourly, 12-hourly, daily, and alerts 1-3 (watched)")
    void monitoring() {
        if (runbook.isLocal()) {
            live = LocalAggregation.start(runbook);
        }
        Duration poll = runbook.env().duration("agg.monitor.poll", Duration.ofSeconds(1));
        new Watch("aggregation catches up (lag < 60 minutes for every mandatory task)", poll, this::progress)
                .until(runbook.env().duration("agg.cron.timeout", Duration.ofSeconds(90)), this::lagProblems);
        new Watch("monitoring cadence and alert conditions", poll, this::progress)
                .holds(runbook.env().duration("agg.monitor.window", Duration.ofSeconds(10)), this::monitoringProblems);
        if (live != null) {
            Evidence.text("worker runs", live.worker.runs().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
    }

    @Test
    @DisplayName("10 Success criteria 1-12")
    void successCriteria() {
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(migrationNotices).as("1. migration executed without NOTICE/ERROR").isNotNull().isEmpty();
            soft.assertThat(query("step2_columns.sql").size()).as("2. all 3 new columns exist").isEqualTo(3);
            soft.assertThat(lines(query("step3_functions.sql"))).as("3. all 5 functions with their signatures (pronargs)")
                    .contains("agg_bootstrap_cursor,2,t", "agg_finish,6,t", "agg_get_due_tasks,4,t", "catchup_aggregation_range,7,t",
                            "sync_agg_state_from_registry,2,t");
            soft.assertThat(query("step4_index.sql").size()).as("4. index created on data_agg_state").isEqualTo(1);
            Rows defaults = query("success_defaults.sql");
            soft.assertThat(defaults.toText(10)).as("5-7. agg_start_utc = 2025-07-01, enabled, task_priority = 100 for every task")
                    .endsWith("(0 rows)");
            soft.assertThat(fiveMinuteProblems()).as("8. aggregation completes within 5 minutes").isEmpty();
            soft.assertThat(lagProblems()).as("9. aggregation lag < 1 hour for all mandatory tasks").isEmpty();
            soft.assertThat(query("every_12_hours_hard_failed.sql").size()).as("10. zero hard_failed tasks").isZero();
            soft.assertThat(query("every_12_hours_streak.sql").size()).as("11. zero hard_fail_streak").isZero();
            soft.assertThat(qualityProblems()).as("12. data quality stable (>= 90% good bars)").isEmpty();
        });
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on staging it would undo the deploy being verified")
    @DisplayName("11 If rollback needed: 011_aggregation_redesign_ROLLBACK.sql")
    void rollback() {
        stopLocalWorker();
        beforeRollback = query("state_without_phase5_columns.sql");
        runbook.target().script(runbook.sql(ROLLBACK));
    }

    @Test
    @OnlyIn(value = "local", reason = "follows the local rollback drill")
    @DisplayName("12 Verify rollback: columns, functions and index gone; data intact")
    void verifyRollback() {
        Rows gone = query("rollback_verify.sql");
        assertThat(gone).value("columns").isEqualTo("0");
        assertThat(gone).value("functions").isEqualTo("0");
        assertThat(gone).value("indexes").isEqualTo("0");
        Rows after = query("state_without_phase5_columns.sql");
        assertThat(after.toCsv()).as("data_agg_state (pre-011 columns) after the rollback, against just before it").isEqualTo(beforeRollback.toCsv());
    }

    @AfterAll
    void stopLocalWorker() {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    private List<String> monitoringProblems() {
        List<String> problems = new ArrayList<>(fiveMinuteProblems());
        problems.addAll(lagProblems());
        problems.addAll(rowsAsProblems(query("every_12_hours_hard_failed.sql"), "hard_failed (ALERT 2)"));
        problems.addAll(rowsAsProblems(query("every_12_hours_streak.sql"), "hard_fail_streak > 0 (ALERT 3)"));
        problems.addAll(qualityProblems());
        problems.addAll(rowsAsProblems(query("alert_1_lag.sql"), "no success for over an hour (ALERT 1)"));
        return problems;
    }

    private List<String> fiveMinuteProblems() {
        Rows r = query("every_5_minutes.sql");
        return IntStream.range(0, r.size())
                .filter(i -> !List.of("idle", "running").contains(r.get(i, "status")) || r.get(i, "min_since_success") == null
                        || Double.parseDouble(r.get(i, "min_since_success")) >= 5)
                .mapToObj(i -> task(r, i) + ": status " + r.get(i, "status") + ", min_since_success " + r.get(i, "min_since_success"))
                .toList();
    }

    /**
     * "lag_minutes < 60 for all mandatory tasks". The cursor is the start of the next window, so a 1h
     * task's lag also holds the hour in progress (up to 60 minutes, plus a tick): taken literally the
     * runbook's check would flap every hour. Tolerance: 60 minutes beyond the task's window in progress.
     */
    private List<String> lagProblems() {
        Rows r = query("every_hour.sql");
        return IntStream.range(0, r.size())
                .filter(i -> r.get(i, "lag_minutes") == null
                        || Double.parseDouble(r.get(i, "lag_minutes")) >= 60 + (r.get(i, "timeframe").equals("1h") ? 60 : 0))
                .mapToObj(i -> task(r, i) + ": lag " + r.get(i, "lag_minutes") + " minutes").toList();
    }

    private List<String> qualityProblems() {
        Rows r = query("daily_quality.sql");
        List<String> problems = new ArrayList<>(IntStream.range(0, r.size()).filter(i -> Double.parseDouble(r.get(i, "quality_pct")) < 90)
                .mapToObj(i -> task(r, i) + ": quality " + r.get(i, "quality_pct") + "%").toList());
        if (r.isEmpty()) {
            problems.add("no derived bars in the last 24 hours to judge quality by");
        }
        return problems;
    }

    private static List<String> rowsAsProblems(Rows r, String what) {
        return IntStream.range(0, r.size()).mapToObj(i -> task(r, i) + ": " + what).toList();
    }

    private static String task(Rows r, int i) {
        return r.get(i, "canonical_symbol") + " " + r.get(i, "timeframe");
    }

    private String progress() {
        return LocalAggregation.progress(runbook, live);
    }

    private Rows query(String file) {
        return runbook.target().query(runbook.sql("agg/checks/phase5/" + file));
    }

    /** The rows as "a,b,c" lines under a header line, for comparing with the runbook's expected output. */
    private static String lines(Rows rows) {
        return Stream.concat(Stream.of(rows.columns()), rows.values().stream())
                .map(r -> r.stream().map(String::valueOf).collect(Collectors.joining(","))).collect(Collectors.joining("\n", "", "\n"));
    }
}
