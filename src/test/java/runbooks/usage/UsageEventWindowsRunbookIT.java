package runbooks.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static runbooks.kit.data.QueryAssert.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.backup.PgClient;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.gate.GateReportAssert;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.DeployState;
import runbooks.kit.junit.Deployment;
import runbooks.kit.junit.Deploys;
import runbooks.kit.junit.JournalDeployState;
import runbooks.kit.junit.LocalStandIn;
import runbooks.kit.junit.NoDrill;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.RollbackBaseline;
import runbooks.kit.junit.RunConfiguration;
import runbooks.kit.junit.RunMode;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.RunbookDefect;
import runbooks.kit.junit.Settings;
import runbooks.kit.migration.MigrationFiles;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.schema.SchemaSnapshot;

/** usage-event-windows-staging-apply.md: migration 0003_usage_event_windows, applied as drizzle applies it. */
@Runbook(
        id = "usage",
        document = "usage-event-windows-staging-apply.md",
        documentSha256 = "71c0b62e13075eaa035d6958ed2d997d65280f49b3467cd997d9453823cf06dd")
@DisplayName("Usage event windows, drizzle 0003 (usage-event-windows-staging-apply.md)")
class UsageEventWindowsRunbookIT {

    /** What 0003 changes, and nothing else (Validation 1-2); what they hold is {@code checks/0003_objects.sql}. */
    private static final List<String> INTENDED = List.of(
            "column usage_events.window_start",
            "column usage_events.window_end",
            "column usage_events.ingest_run_id",
            "column usage_events.window_granularity",
            "constraint usage_events.usage_events_dedupe_key",
            "index usage_events_dedupe_key",
            "index usage_admin_bucket_idx");

    private static final String ROLLBACK = "usage/rollback/0003_down.sql";
    /** The artefacts the document's Evidence Requirements list (drizzle-push-0003.log only when the apply failed). */
    private static final List<String> ARTEFACTS = List.of(
            "schema-snapshot-pre-0003.json",
            "schema-snapshot-post-0003.json",
            "schema-pre-post-0003.diff",
            "usage-events-ddl-post-0003.txt",
            "usage-events-window-counts.txt",
            "rollback_log.md");

    private final RunbookContext runbook;
    private final RunConfiguration config;
    private final Deployment deploy;
    private RollbackBaseline pre;
    private Rows rowsBefore;

    UsageEventWindowsRunbookIT(RunbookContext runbook) {
        this.runbook = runbook;
        this.config = runbook.config();
        this.deploy = runbook.deploy();
        deploy.readsStateWith(this::deployState);
    }

    private DeployState deployState() {
        DeployState journal = JournalDeployState.of(migrations(), UsageStandIn.DEPLOY);
        return journal.kind() == DeployState.Kind.NOT_STARTED
                        && !query("window_columns_by_hand.sql").isEmpty()
                ? DeployState.partial(
                        "usage_events already has window columns, but drizzle.__drizzle_migrations has no row for 0003 (a"
                                + " drizzle-kit push, or a change by hand): drizzle migrate would run 0003 again and fail; record it or undo it with the team"
                                + " before re-running.")
                : journal;
    }

    @Test
    @LocalStandIn
    @DisplayName("00 Local stand-in: the metering database before 0003 (drizzle 0000-0002 and usage rows)")
    void localStandIn() {
        UsageStandIn.prepare(runbook);
        Evidence.text("drizzle status", migrations().status());
    }

    @Test
    @NoDrill("reports the document's drizzle-kit commands as runbook defects, whatever the target holds")
    @DisplayName(
            "00.1 Runbook document: its drizzle-kit introspect, check and push as written, and what the suite runs instead")
    void documentCommands() {
        throw RunbookDefect.found(
                "three of the document's commands do not do what it says (drizzle-kit 0.31). Pre-apply 1 and"
                        + " Validation 1: drizzle-kit introspect --out <file>.json writes a folder (schema.ts, relations.ts, meta/*.json), not one JSON"
                        + " file, and its snapshot reports nullsNotDistinct: false always and unique columns in table order, so its diff would hide the"
                        + " very change 0003 makes: the suite writes its own catalog snapshot under the document's file names (sql/kit/catalog_snapshot.sql,"
                        + " its format in the file's _format key). Pre-apply 2-3: drizzle-kit check never connects to the database (it passes with an"
                        + " unreachable URL), so it cannot list the pending migrations: the suite reads drizzle's journal table (step 03). Apply 1:"
                        + " drizzle-kit push reads schema.ts, ignores the migration files, writes no journal row and runs statement by statement"
                        + " without a transaction (a failure leaves the dedupe key and admin index dropped): the suite applies 0003 as drizzle-kit"
                        + " migrate does, all pending files in one transaction, recorded in the journal (step 04).");
    }

    @Test
    @DisplayName(
            "01 Prerequisites: the staging DATABASE_URL reaches the expected database; no ingestion job is running")
    void prerequisites() {
        Evidence.text("target", runbook.target().verify().identity().asMap().toString());
        assertNoIngestion();
    }

    @Test
    @Deploys
    @DisplayName("02 Pre-apply 1: schema snapshot of the target before 0003 (schema-snapshot-pre-0003.json)")
    void preSnapshot() {
        pre = RollbackBaseline.record(runbook, "usage/checks/probes_rollback", true);
        folder().artefact("schema-snapshot-pre-0003.json", pre.schema().toJson());
        rowsBefore = query("rows_checksum.sql");
        runbook.checkSql("usage/checks/pre_0003.sql");
    }

    @Test
    @Deploys
    @DisplayName(
            "03 Pre-apply 2-3: the migration queue (drizzle journal) holds exactly 0003, judged by the safety gate")
    void preApplyCheck() {
        JournalDeployState.requireOnlyPending(migrations(), UsageStandIn.DEPLOY);

        List<Path> pending = migrations().pendingFiles();
        pending.forEach(f -> Evidence.file("pending migration " + MigrationFiles.displayName(f), f));
        GateReportAssert.assertThat(
                        deploy.gate().rehearsingMigrations(migrations()).judge(pending))
                .hasNoBlockingFindings();
    }

    @Test
    @Deploys
    @DisplayName(
            "04 Pre-apply 4, Apply 1-2: apply-log entry, then 0003 applied as drizzle migrate does (on failure drizzle-push-0003.log, halt)")
    void apply() {
        folder().appendToApplyLog("\n## 0003_usage_event_windows on "
                + config.env().name() + ": planned "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n- Operator: "
                + config.operator() + "\n- Change: "
                + config.change().orElse("(none given: -Dchange=CHG-1234)") + "\n- Target: "
                + runbook.target().spec().masked() + "\n");
        try {
            int applied = deploy.applyPending(
                    migrations(),
                    UsageSettings.MIGRATE_COMMAND,
                    config.env().duration(UsageSettings.MIGRATE_TIMEOUT, UsageSettings.MIGRATE_TIMEOUT_DEFAULT));
            Evidence.text("drizzle migrate", "applied " + applied + " migration(s)");
        } catch (RuntimeException | AssertionError e) {
            StringBuilder log = new StringBuilder("drizzle migrate of 0003 failed on "
                    + runbook.target().spec().masked() + "\n");
            for (Throwable t = e; t != null; t = t.getCause()) {
                log.append(t).append('\n');
            }
            folder().artefact("drizzle-push-0003.log", log.toString());
            throw new AssertionError(
                    "0003 did not apply; the full output is in drizzle-push-0003.log, and the runbook halts here: "
                            + e.getMessage(),
                    e);
        }
        assertThat(migrations().pendingVersions()).as("pending after the apply").isEmpty();
        runbook.checkSql("kit/no_flyway_journal.sql");
    }

    @Test
    @DisplayName(
            "05 Validation 1-2: schema snapshot after 0003 and the diff (schema-pre-post-0003.diff): exactly the intended changes")
    void validateDiff() {
        SchemaSnapshot post = deploy.schemaSnapshot();
        folder().artefact("schema-snapshot-post-0003.json", post.toJson());
        runbook.checkSql("usage/checks/0003_objects.sql");
        if (deploy.mode() == RunMode.VERIFY) {
            return; // no snapshot before 0003 in a verification run: what 0003 made is checked above
        }
        List<String> was = pre.schema().toJson().lines().toList();
        List<String> now = post.toJson().lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
                "schema-snapshot-pre-0003.json", "schema-snapshot-post-0003.json", was, DiffUtils.diff(was, now), 3);
        folder().artefact("schema-pre-post-0003.diff", String.join("\n", diff) + "\n");
        assertThat(post.differencesFrom(pre.schema()).stream().map(d -> d.substring(0, d.indexOf(": "))))
                .as("objects the diff shows changed (nothing dropped, no other table touched)")
                .containsExactlyInAnyOrderElementsOf(INTENDED);
    }

    @Test
    @DisplayName(
            "06 Validation 3: \\d+ usage_events captured (usage-events-ddl-post-0003.txt); usage_admin_bucket_idx holds the window and metadata columns; the dedupe key probed")
    void validateIndex() {
        deploy.checkDeployedSchema();
        folder().artefact("usage-events-ddl-post-0003.txt", describe());
        runbook.checkSql("usage/checks/admin_bucket_idx_columns.sql");
        BehaviourProbes.requireAsStated(runbook, "usage/checks/probes");
    }

    @Test
    @Deploys
    @DisplayName(
            "07 Validation 4-5: smoke query (usage-events-window-counts.txt): no row has a window yet, every earlier row lacks window_end; summary in the apply log")
    void validateSmoke() {
        assertNoIngestion();
        Rows counts = query("window_counts.sql");
        folder().artefact("usage-events-window-counts.txt", counts.toText(10));
        Rows rowsNow = query("rows_checksum.sql");
        String expectedRows = rowsBefore.single("row_count");
        // Ingestion was held off, so no row can have a window yet, and every row ingested before 0003 lacks window_end.
        assertThat(counts).value("buckets_with_windows").isEqualTo("0");
        assertThat(counts).value("missing_window_end").isEqualTo(expectedRows);
        assertThat(rowsNow.toCsv())
                .as("the rows present before the apply, unchanged (count and checksum)")
                .isEqualTo(rowsBefore.toCsv());
        folder().appendToApplyLog(
                        "- Validation: schema diff as intended (schema-pre-post-0003.diff), usage_admin_bucket_idx's columns as"
                                + " sql/usage/checks/admin_bucket_idx_columns.sql expects, in usage-events-ddl-post-0003.txt, smoke query buckets_with_windows 0 and missing_window_end "
                                + expectedRows + " (usage-events-window-counts.txt)\n");
    }

    @Test
    @NoDrill("point-in-time restore is a human step: the step only says so")
    @DisplayName("08 Rollback plan: Neon point-in-time restore to the pre-apply snapshot (a human step)")
    void pointInTimeRestore() {
        Assumptions.abort(
                "A human step: Neon's point-in-time restore is done in its console by an operator; not run by the suite.");
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on staging it would undo the deploy being verified")
    @NoDrill("the document's drizzle-kit down does not exist: the step only reports the runbook defect")
    @DisplayName("09 Rollback plan: pnpm drizzle-kit down --to 0002, as the document writes it")
    void documentRollback() {
        throw RunbookDefect.found(
                "drizzle-kit has no down command (drizzle-kit 0.x: generate, migrate, push, pull, check, up, studio,"
                        + " drop; drop deletes migration files, it does not roll a database back), so the document's rollback cannot run."
                        + " The suite rolls back with sql/" + ROLLBACK + " instead (next step).");
    }

    @Test
    @OnlyIn(value = "local", reason = "a rollback drill; on staging it would undo the deploy being verified")
    @DisplayName(
            "10 Rollback: sql/usage/rollback/0003_down.sql; schema equals the pre-apply snapshot, every earlier row kept, the dedupe key behaves as before (rollback_log.md)")
    void rollback() {
        runbook.target().verify().script(runbook.sql(ROLLBACK));
        List<String> differences = deploy.schemaSnapshot().differencesFrom(pre.schema());
        Rows rowsAfter = query("rows_checksum.sql");
        folder().artefact(
                        "rollback_log.md",
                        "## Rollback of 0003 on " + config.env().name() + " "
                                + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                                + "\n\n- Operator: " + config.operator() + "\n- Ran: sql/" + ROLLBACK
                                + "\n- Schema against schema-snapshot-pre-0003.json: "
                                + (differences.isEmpty() ? "equal" : String.join("; ", differences)) + "\n- Rows: "
                                + rowsAfter.toCsv().replace('\n', ' ')
                                + " (before the apply: " + rowsBefore.toCsv().replace('\n', ' ')
                                + ")\n- drizzle pending after: " + migrations().pendingVersions() + "\n");
        pre.requireRestored();
        assertThat(rowsAfter.toCsv())
                .as("the rows present before the apply (count and checksum)")
                .isEqualTo(rowsBefore.toCsv());
        assertThat(migrations().pendingVersions())
                .as("drizzle sees 0003 pending again")
                .containsExactlyElementsOf(UsageStandIn.DEPLOY);
    }

    @Test
    @NoDrill(
            "within one run nothing can change a file between writing and checking it; a tampered file is named by EvidenceFolderTest (sha256sum -c and the verify command)")
    @DisplayName(
            "11 Evidence: every artefact in the run's evidence folder, each in 0003.sha256 as sha256sum writes it; sha256sum -c passes")
    void evidence() {
        EvidenceFolder folder = folder();
        Set<String> present = folder.checksums("0003.sha256", ARTEFACTS);
        Set<String> expected = new TreeSet<>(ARTEFACTS);
        if (!config.isLocal()) {
            expected.remove("rollback_log.md");
        }
        if (deploy.mode() == RunMode.VERIFY) {
            // What a verification run can write: the deployed schema and its DDL; the pre-apply snapshot, diff and
            // smoke counts are the deploy's.
            expected.retainAll(Set.of("schema-snapshot-post-0003.json", "usage-events-ddl-post-0003.txt"));
        }
        assertThat(present)
                .as("artefacts of the document's Evidence Requirements in %s", folder.dir())
                .containsAll(expected);
    }

    private void assertNoIngestion() {
        runbook.checkSql(
                "usage/checks/ingestion_sessions.sql",
                Map.of(
                        "ingestion_app",
                        config.setting(UsageSettings.INGESTION_APPLICATION).orElse("usage-ingestion")));
    }

    /** What {@code psql -c '\\d+ usage_events'} prints (the document's evidence), else the same from the catalog. */
    private String describe() {
        try {
            return PgClient.find(
                            config.setting(Settings.PG_BIN), runbook.target().serverVersionNum() / 10000)
                    .command(runbook.target().spec(), "\\d+ usage_events", Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            return "(psql: " + e.getMessage() + "; from the catalog)\n"
                    + query("usage_events_ddl.sql").toText(200);
        }
    }

    private EvidenceFolder folder() {
        return runbook.evidence();
    }

    private MigrationJournal migrations() {
        return UsageStandIn.migrations(runbook);
    }

    private Rows query(String file) {
        return runbook.query("usage/checks/" + file);
    }
}
