package runbooks.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static runbooks.kit.data.QueryAssert.assertThat;
import static runbooks.kit.schema.SchemaAssert.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.command.HttpProbe;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.GateReport;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.DeployState;
import runbooks.kit.junit.Deployment;
import runbooks.kit.junit.Deploys;
import runbooks.kit.junit.LocalStandIn;
import runbooks.kit.junit.NoDrill;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.RunConfiguration;
import runbooks.kit.junit.RunMode;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.RunbookGate;
import runbooks.kit.schema.Catalog;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * backtest-results-schema-deploy.md: migrations 003, 005 and 006 (numbered psql files) verified on the target or applied
 * where missing, with backups proved by restoring them, the performance figures measured, the rollback rehearsed.
 */
@Runbook(
        id = "backtest",
        document = "backtest-results-schema-deploy.md",
        documentSha256 = "65d3d80ed0c063f58e88e50ad69da706d6fe5e789403fc9ed8278b42730ea626")
@DisplayName("Backtest results schema deploy, 003/005/006 (backtest-results-schema-deploy.md)")
class BacktestResultsDeployRunbookIT {

    private final RunbookContext runbook;
    private final RunConfiguration config;
    private final Deployment deploy;
    private final BacktestPerformance performance;
    private final BacktestBackups backups;
    private final BacktestRollback rollback;
    private SchemaSnapshot pre;
    private Map<String, String> behaviourBefore;
    /** Who may do what on the backtest tables before the deploy ({@code checks/3.1_table_privileges.sql}). */
    private String privilegesBefore;

    private Rows rowsBefore;
    private String maxIdBefore;
    private List<String> missing = List.of();
    private Rows rowsAfterDeploy;

    BacktestResultsDeployRunbookIT(RunbookContext runbook) {
        this.runbook = runbook;
        this.config = runbook.config();
        this.deploy = runbook.deploy();
        this.performance = new BacktestPerformance(runbook);
        this.backups = new BacktestBackups(runbook);
        this.rollback = new BacktestRollback(runbook, backups);
        deploy.readsStateWith(this::deployState);
    }

    /** §3.1 off the catalog ({@code checks/3.1_migration_state.sql}): which of 003, 005 and 006 the target holds. */
    private DeployState deployState() {
        Rows state = query("checks/3.1_migration_state.sql");
        String found =
                state.stream().map(r -> r.get("file") + " " + r.get("state")).collect(Collectors.joining(", "));
        if (!List.of("applied", "missing").containsAll(state.column("state"))) {
            return DeployState.partial("the target holds 003, 005 and 006 in a state no run continues from (" + found
                    + "): a DBA settles it by hand before any re-run (the document's §3.1 files are not safe to run"
                    + " twice, nor out of order).");
        }
        if (state.column("state").stream().allMatch("applied"::equals)) {
            return DeployState.complete("003, 005 and 006 are applied, read off the catalog (" + found
                    + "): the document's \"already applied\" state");
        }
        return DeployState.notStarted("to apply: " + found);
    }

    @Test
    @LocalStandIn
    @DisplayName("00 Local stand-in: the backtest store before 003 (six results stored before the redesign)")
    void localStandIn() {
        BacktestStandIn.prepare(runbook);
    }

    @Test
    @DisplayName(
            "01 §1.3, §3.1 Pre-deployment: the target verified; which of 003, 005, 006 it holds; its schema and results recorded")
    void preDeployment() {
        Evidence.text("target", runbook.target().verify().identity().asMap().toString());
        Rows state = query("checks/3.1_migration_state.sql");
        runbook.evidence().artefact("migration-state-before.txt", state.toText(10));
        assertThat(state.column("state"))
                .as(
                        "migrations 003, 005, 006 on the target: one half applied, or missing before one applied, needs"
                                + " a DBA, not this runbook:%n%s",
                        state.toText(10))
                .isSubsetOf("applied", "missing");
        missing = state.stream()
                .filter(r -> r.get("state").equals("missing"))
                .map(r -> r.get("file"))
                .toList();
        pre = deploy.schemaSnapshot();
        runbook.evidence().artefact("schema-before.txt", pre.toText());
        privilegesBefore = query("checks/3.1_table_privileges.sql").single("privileges");
        rowsBefore = query("checks/1.3_results_checksum.sql");
        maxIdBefore = rowsBefore.single("max_id");
        runbook.evidence().artefact("results-before.csv", rowsBefore.toCsv());
        if (config.setting(BacktestSettings.ROLLBACK_REHEARSE)
                .map(Boolean::parseBoolean)
                .orElse(false)) {
            // Where 15 restores the backup of this state: its behaviour, to compare after the restore.
            behaviourBefore = BehaviourProbes.outcomes(runbook, BacktestRollback.PROBES_ROLLBACK);
        }
        if (deploy.mode() == RunMode.DEPLOY) {
            // Which results 005 calculates, for a later verification run (the application stores more since).
            deploy.recordFact("results.max_id_before_deploy", maxIdBefore);
        }
        assertThat(rowsBefore.single().integer("row_count"))
                .as("results stored on the target before the deploy (§1.3: existing data to preserve)")
                .isPositive();
    }

    @Test
    @DisplayName(
            "02 §2.1 Backups with pg_dump: full (--clean --if-exists), the results table's data, schema only; one snapshot, sha256 of each")
    void backups() throws SQLException {
        backups.take();
    }

    @Test
    @DisplayName(
            "03 §2.1 Backups verified by restoring them into scratch databases: schema and results equal the target's")
    void backupsRestore() {
        backups.restoreEach(pre);
    }

    @Test
    @Deploys
    @DisplayName("04 §3.1 The missing migrations judged by the safety gate on a copy of the target's schema")
    void gate() {
        Assumptions.assumeFalse(
                missing.isEmpty(), "003, 005 and 006 are applied on this target already: nothing to judge");
        List<String> files =
                missing.stream().map(m -> "backtest/migrations/" + m).toList();
        files.forEach(f -> Evidence.sql("to apply: " + f, runbook.sql(f).text()));
        List<String> built = new ArrayList<>(List.of(BacktestStandIn.BASELINE));
        BacktestStandIn.MIGRATIONS.stream()
                .filter(m -> !missing.contains(m))
                .forEach(m -> built.add("backtest/migrations/" + m));
        deploy.gate()
                .rehearsing(built.toArray(String[]::new))
                .appliedWithPsql()
                .requirePass(files.toArray(String[]::new));
    }

    @Test
    @Deploys
    @DisplayName(
            "05 §3.1 The missing migrations applied in order with psql semantics (or none: the document's \"already applied\")")
    void apply() {
        runbook.target().verify();
        for (String migration : missing) {
            List<String> notices = Evidence.step(
                    "apply " + migration,
                    () -> runbook.target().verify().script(runbook.sql("backtest/migrations/" + migration)));
            assertThat(notices).as("NOTICEs from %s", migration).isEmpty();
        }
        Rows state = query("checks/3.1_migration_state.sql");
        runbook.evidence().artefact("migration-state-after.txt", state.toText(10));
        assertThat(state.column("state"))
                .as("migrations 003, 005, 006 after the apply:%n%s", state.toText(10))
                .containsOnly("applied");
    }

    @Test
    @DisplayName(
            "06 §1.1, §3.1 Schema: 003's cache table, 005's results table with 67+ metrics and both indexes, 006's API columns; privileges kept")
    void schema() {
        deploy.checkDeployedSchema();
        Catalog catalog = new Catalog(runbook.target());
        Evidence.rows("\\d market_structure_results", catalog.describe("market_structure_results"));
        runbook.checkSql("backtest/checks/3.1_columns.sql");
        runbook.checkSql("backtest/checks/3.1_005_metric_columns.sql"); // §1.1: 67+ metrics, each with its type
        runbook.checkSql("backtest/checks/3.1_index_columns.sql");
        runbook.checkSql("backtest/checks/3.1_privileges_kept.sql", Map.of("before", privilegesBefore));
    }

    @Test
    @DisplayName(
            "07 §1.3 Constraints and validations working: a valid result accepted, each invalid one rejected by its constraint (rolled back)")
    void constraints() {
        BehaviourProbes.requireAsStated(runbook, "backtest/checks/constraints");
    }

    @Test
    @DisplayName(
            "08 §1.3 Existing data preserved (count and checksum) and new columns populated with the values 005 calculates")
    void dataPreserved() {
        Map<String, String> before = Map.of("runbook.max_id", maxIdBefore);
        rowsAfterDeploy = runbook.query("backtest/checks/1.3_results_checksum.sql", before);
        runbook.evidence().artefact("results-after-deploy.csv", rowsAfterDeploy.toCsv());
        assertThat(rowsAfterDeploy.toCsv())
                .as("the results stored before the deploy (id <= %s): count, max id, content md5", maxIdBefore)
                .isEqualTo(rowsBefore.toCsv());
        // In a verification run the results 005 calculated are those up to the newest before its deploy (recorded
        // then); the rest the application stored since, with values of its own.
        Optional<String> calculatedUpTo = deploy.mode() == RunMode.DEPLOY
                ? Optional.of(maxIdBefore)
                : deploy.fact("results.max_id_before_deploy");
        if (calculatedUpTo.isPresent()) {
            runbook.checkSql("backtest/checks/1.3_calculated_values.sql", Map.of("max_id", calculatedUpTo.get()));
        } else {
            Evidence.text(
                    "values 005 calculated",
                    "not checked: this target was deployed from another checkout, so which results 005 calculated"
                            + " (the newest id before its deploy) is not known here; the stand-in's own results are checked below");
        }
        runbook.checkSql("backtest/checks/1.3_stand_in_values.sql");
    }

    @Test
    @DisplayName(
            "09 §3.3, §5.1.2, §7.1.1 Service restart, health checks and API response times (configured commands and URLs)")
    void services() {
        Optional<ConfiguredCommand> restart = config.command(
                BacktestSettings.RESTART_COMMAND,
                BacktestSettings.RESTART_TIMEOUT,
                BacktestSettings.RESTART_TIMEOUT_DEFAULT);
        List<HttpProbe> probes = new ArrayList<>();
        config.setting(BacktestSettings.HEALTH_URLS).stream()
                .flatMap(v -> Stream.of(v.split(",")))
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .forEach(u -> probes.add(HttpProbe.of("§3.3 health " + u, u, Optional.empty(), Duration.ofSeconds(2))));
        config.setting(BacktestSettings.RESULTS_URL)
                .filter(u -> !u.isBlank())
                .ifPresent(u -> probes.add(HttpProbe.of("§5.1.2 results", u, Optional.empty(), Duration.ofSeconds(2))));
        config.setting(BacktestSettings.RUN_URL)
                .filter(u -> !u.isBlank())
                .ifPresent(u -> probes.add(HttpProbe.of(
                        "§5.1.2 run", u, config.setting(BacktestSettings.RUN_BODY), Duration.ofSeconds(5))));
        Assumptions.assumeTrue(
                restart.isPresent() || !probes.isEmpty(),
                "no service is configured for " + config.env().name()
                        + " (backtest.restart.command, backtest.health.urls, backtest.api.results_url,"
                        + " backtest.api.run_url; BACKTEST_RESTART_COMMAND, BACKTEST_HEALTH_URLS, BACKTEST_RESULTS_URL, BACKTEST_RUN_URL): the"
                        + " application is not part of this check");
        List<String> failures = new ArrayList<>();
        restart.ifPresent(
                c -> c.run().problem("restart command '" + c.command() + "'").ifPresent(failures::add));
        StringBuilder out = new StringBuilder();
        for (HttpProbe probe : probes) {
            HttpProbe.Outcome o = probe.send();
            out.append(probe.name()).append(": ").append(probe.describe(o)).append('\n');
            probe.problem(o).ifPresent(failures::add);
        }
        Evidence.text("service checks", out.toString());
        assertThat(failures).as("services after the deploy:%n%s", out).isEmpty();
    }

    @Test
    @Deploys
    @DisplayName(
            "10 §6.1 ANALYZE and REINDEX CONCURRENTLY (the document's REINDEX judged by the gate), VACUUM ANALYZE where allowed")
    void optimize() {
        List<String> built = new ArrayList<>(List.of(BacktestStandIn.BASELINE));
        BacktestStandIn.MIGRATIONS.forEach(m -> built.add("backtest/migrations/" + m));
        RunbookGate gate =
                deploy.gate().rehearsing(built.toArray(String[]::new)).appliedWithPsql();
        GateReport asWritten = gate.judge("backtest/runbook/6.1_optimize_as_written.sql");
        Evidence.text(
                "§6.1 as the document writes it",
                asWritten.passes()
                        ? "the gate lets it pass"
                        : "the gate blocks it:" + asWritten.blockingSummary()
                                + "\nthe runbook runs 6.1_optimize.sql instead (REINDEX INDEX CONCURRENTLY)");
        // The same rehearsal database: the file as written changes no schema (statistics and index files only).
        gate.requirePass("backtest/runbook/6.1_optimize.sql");
        runbook.psql("backtest/runbook/6.1_optimize.sql");
        if (config.setting(BacktestSettings.VACUUM).map(Boolean::parseBoolean).orElse(false)) {
            runbook.psql("backtest/runbook/6.1_vacuum_analyze.sql");
        } else {
            Evidence.text(
                    "VACUUM ANALYZE",
                    "not run: backtest.vacuum is not true in " + config.env().source()
                            + " (left to the DBA's maintenance window)");
        }
        runbook.checkSql("backtest/runbook/6.1_index_state.sql");
    }

    @Test
    @DisplayName(
            "11 §6.2 Performance: cache-key lookup < 50 ms, insert < 100 ms, listing 20 < 500 ms (p95 of repeated runs; plans attached; indexes used)")
    void performance() throws SQLException {
        performance.expectedPerformance();
    }

    @Test
    @DisplayName("12 §5.1.1 Query performance from pg_stat_statements (corrected: mean_exec_time, total_exec_time)")
    void queryStatistics() {
        performance.queryStatistics();
    }

    @Test
    @DisplayName(
            "13 §5.1.1, §7.1.2 Index usage (corrected: indexrelname) rose with the §6.2 queries; blocking queries; column statistics")
    void indexUsage() {
        performance.indexUsage();
    }

    @Test
    @Deploys
    @OnlyIn(
            value = {"local", "staging"},
            reason = "a rollback by restore is rehearsed on stand-ins only, never on production as a test")
    @NoDrill(
            "the document's own rollback is tried in one transaction and reported as a runbook defect (skipped with the reason) whatever happens; what a rollback must achieve is step 15's to check, and it has a drill")
    @DisplayName(
            "14 §4.1 Rollback as the document writes it (psql -f the full backup over the deployed schema), tried in one transaction; what it leaves")
    void documentRollback() {
        rollback.asWritten(pre, maxIdBefore);
    }

    @Test
    @Deploys
    @OnlyIn(
            value = {"local", "staging"},
            reason = "a rollback by restore is rehearsed on stand-ins only, never on production as a test")
    @DisplayName(
            "15 §4.1, §4.3 Rollback corrected: the deployed tables dropped and the full backup restored in one transaction; schema and results equal the backup's")
    void rollback() {
        rollback.corrected(pre, behaviourBefore);
    }

    @Test
    @NoDrill(
            "restates the checksums of 01, 02, 08 and 15 as the document's one criterion; a row lost or changed stops the runbook at 08 (deploy) or 15 (rollback) first, each with its drill")
    @DisplayName(
            "16 §10.2 No data loss: the results' content checksums before the deploy, in the backup, after the deploy and after the rollback")
    void noDataLoss() {
        Map<String, Rows> checkpoints = new LinkedHashMap<>();
        checkpoints.put("before the deploy (01)", rowsBefore);
        checkpoints.put("in the backups (02)", backups.rowsInBackup());
        checkpoints.put("after the deploy, results stored before it (08)", rowsAfterDeploy);
        if (rollback.rowsAfterRollback() != null) {
            checkpoints.put("after the rollback (15)", rollback.rowsAfterRollback());
        }
        String table = checkpoints.entrySet().stream()
                .map(e -> e.getKey() + ": "
                        + e.getValue().toCsv().lines().skip(1).findFirst().orElse(""))
                .collect(Collectors.joining("\n", "checkpoint: row_count,max_id,content_md5\n", "\n"));
        runbook.evidence().artefact("no-data-loss-10.2.txt", table);
        checkpoints.forEach((when, rows) -> assertThat(rows.toCsv())
                .as("results %s against before the deploy:%n%s", when, table)
                .isEqualTo(rowsBefore.toCsv()));
    }

    private Rows query(String file) {
        return runbook.query("backtest/" + file);
    }
}
