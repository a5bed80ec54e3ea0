package runbooks.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.junit.BehaviourProbes;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.RunbookDefect;
import runbooks.kit.junit.Settings;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * The backtest runbook's §4 rollback by restore of the §2.1 full backup, rehearsed on stand-ins only
 * ({@code backtest.rollback.rehearse}): the document's own restore tried in one transaction, then the corrected one;
 * schema, results and the cache's behaviour against before the deploy. Steps 14 and 15 of
 * {@link BacktestResultsDeployRunbookIT}.
 */
final class BacktestRollback {

    /** Probes of what 003 changes, on states set up in rolled-back transactions: before the deploy and after the restore. */
    static final String PROBES_ROLLBACK = "backtest/checks/after_rollback";

    private final RunbookContext runbook;
    private final BacktestBackups backups;
    private long storedSinceBackup;
    private boolean documentRollbackRestored;
    private Rows rowsAfterRollback;

    BacktestRollback(RunbookContext runbook, BacktestBackups backups) {
        this.runbook = runbook;
        this.backups = backups;
    }

    /** §4.1 as written: {@code psql -f} the full backup over the deployed schema, in one transaction; what it leaves. */
    void asWritten(SchemaSnapshot pre, String maxIdBefore) {
        rehearsingRollback();
        Path full = backups.file("full");
        assertThat(EvidenceFolder.sha256(full))
                .as("the full backup %s is the one verified in 03 (sha256)", full.getFileName())
                .isEqualTo(backups.sha256("full"));
        storedSinceBackup = runbook.query(
                        "backtest/checks/4.1_stored_since_backup.sql", Map.of("runbook.max_id_before", maxIdBefore))
                .single()
                .integer("n");
        runbook.target().verify().beforeExternalWrite();
        try {
            // psql --single-transaction: if the restore fails anywhere, nothing of it stays.
            Evidence.text(
                    "§4.1 as written",
                    backups.client().psql(runbook.target().spec(), List.of(full), true, restoreTimeout()));
            documentRollbackRestored = true;
        } catch (IllegalStateException e) {
            documentRollbackRestored = false;
            throw RunbookDefect.found("§4.1's rollback, psql -f " + full.getFileName()
                    + " over the deployed schema, fails and (run in one"
                    + " transaction here) changes nothing: " + e.getMessage()
                    + ". The backup's --clean --if-exists guards tables, not their"
                    + " columns, and 003/005 reshaped both tables. The runbook restores with sql/backtest/rollback/4.1_before_restore.sql first"
                    + " (next step).");
        }
        // It ran: it must leave what a rollback promises (otherwise the document's rollback is the defect; 15 still
        // restores correctly).
        List<String> differences = runbook.deploy().schemaSnapshot().differencesFrom(pre, runbook.target());
        Rows rows = runbook.query("backtest/checks/1.3_results_checksum.sql");
        Evidence.text(
                "§4.1 as written: the result",
                "schema against the pre-deploy one: " + (differences.isEmpty() ? "equal" : differences) + "\nresults: "
                        + rows.toCsv().replace('\n', ' ') + " (in the backup: "
                        + backups.rowsInBackup().toCsv().replace('\n', ' ') + ")");
        RunbookDefect.unless(
                differences.isEmpty()
                        && rows.toCsv().equals(backups.rowsInBackup().toCsv()),
                () -> "§4.1's rollback, psql -f "
                        + full.getFileName() + ", restores but leaves "
                        + (differences.isEmpty() ? "" : "a schema unlike the pre-deploy one " + differences + " ")
                        + (rows.toCsv().equals(backups.rowsInBackup().toCsv())
                                ? ""
                                : "results unlike the backup's (" + rows.toCsv().replace('\n', ' ') + ")")
                        + ". The runbook restores with sql/backtest/rollback/4.1_before_restore.sql first (next step).");
    }

    /** §4.1 corrected and §4.3: the deployed tables dropped and the full backup restored in one transaction. */
    void corrected(SchemaSnapshot pre, Map<String, String> behaviourBefore) {
        rehearsingRollback();
        Path dir = runbook.config()
                .sqlFiles()
                .directory("backtest/rollback", runbook.config().workDir().resolve("sql"));
        Path full = backups.file("full");
        assertThat(EvidenceFolder.sha256(full))
                .as("the full backup %s is the one verified in 03 (sha256)", full.getFileName())
                .isEqualTo(backups.sha256("full"));
        runbook.target().verify().beforeExternalWrite();
        Evidence.text(
                "§4.1 corrected",
                backups.client()
                        .psql(
                                runbook.target().spec(),
                                List.of(
                                        dir.resolve("4.1_before_restore.sql"),
                                        full,
                                        dir.resolve("4.1_after_restore.sql")),
                                true,
                                restoreTimeout()));
        List<String> differences = runbook.deploy().schemaSnapshot().differencesFrom(pre, runbook.target());
        rowsAfterRollback = runbook.query("backtest/checks/1.3_results_checksum.sql");
        Rows count = runbook.query("backtest/rollback/4.3_rollback_validation.sql");
        runbook.evidence()
                .artefact(
                        "rollback-4.3.md",
                        "## Rollback by restore on " + runbook.config().env().name() + "\n\n- Ran (one transaction): "
                                + "4.1_before_restore.sql, " + full.getFileName() + " (sha256 " + backups.sha256("full")
                                + "), 4.1_after_restore.sql"
                                + "\n- The document's own restore: "
                                + (documentRollbackRestored ? "restored" : "failed, changed nothing (step 14)")
                                + "\n- Schema against the pre-deploy one: "
                                + (differences.isEmpty() ? "equal" : String.join("; ", differences))
                                + "\n- §4.3 Backtest records: " + count.single("backtest_records")
                                + "\n- Results (count, max id, md5): "
                                + rowsAfterRollback.toCsv().replace('\n', ' ') + "\n- In the backup: "
                                + backups.rowsInBackup().toCsv().replace('\n', ' ')
                                + "\n- Results stored after the backup, gone with the restore: " + storedSinceBackup
                                + "\n");
        assertThat(differences)
                .as("schema after the restore against the pre-deploy schema")
                .isEmpty();
        assertThat(rowsAfterRollback.toCsv())
                .as("results after the restore against the backup's (count, max id, content md5)")
                .isEqualTo(backups.rowsInBackup().toCsv());
        assertThat(BehaviourProbes.outcomes(runbook, PROBES_ROLLBACK))
                .as("the cache's behaviour after the restore (sql/%s), against before the" + " deploy", PROBES_ROLLBACK)
                .isEqualTo(behaviourBefore);
    }

    /** The results after the rollback (count, max id, content md5), once step 15 ran. */
    Rows rowsAfterRollback() {
        return rowsAfterRollback;
    }

    private void rehearsingRollback() {
        Assumptions.assumeTrue(
                runbook.config()
                        .setting(BacktestSettings.ROLLBACK_REHEARSE)
                        .map(Boolean::parseBoolean)
                        .orElse(false),
                "backtest.rollback.rehearse is not true in "
                        + runbook.config().env().source()
                        + " (BACKTEST_REHEARSE_ROLLBACK=true on a stand-in): a restore"
                        + " would undo the deploy being verified");
    }

    private Duration restoreTimeout() {
        return runbook.config().env().duration(Settings.BACKUP_TIMEOUT, Settings.BACKUP_TIMEOUT_DEFAULT);
    }
}
