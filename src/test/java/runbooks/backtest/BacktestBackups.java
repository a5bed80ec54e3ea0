package runbooks.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import runbooks.kit.backup.PgClient;
import runbooks.kit.backup.SnapshotBackups;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.Settings;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * The backtest runbook's §2.1 backups: the three pg_dump files of one exported snapshot with their sha256, each
 * restored into a scratch database and compared with the target; the full one is what §4.1's rollback restores.
 * Steps 02 and 03 of {@link BacktestResultsDeployRunbookIT}.
 */
final class BacktestBackups {

    private static final String TABLE = "market_structure_results";

    private final RunbookContext runbook;
    private PgClient client;
    private final Map<String, Path> backups = new LinkedHashMap<>();
    private final Map<String, String> backupSums = new LinkedHashMap<>();
    private Rows rowsInBackup;

    BacktestBackups(RunbookContext runbook) {
        this.runbook = runbook;
    }

    /** §2.1: full ({@code --clean --if-exists}), the results table's data, schema only; one snapshot, sha256 of each. */
    void take() throws java.sql.SQLException {
        int serverMajor = runbook.target().serverVersionNum() / 10000;
        client = PgClient.find(runbook.config().setting(Settings.PG_BIN), serverMajor);
        Evidence.text("pg_dump used", client.describe() + " for a PostgreSQL " + serverMajor + " server");
        runbook.deploy().report("pg_dump", client.describe());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Duration timeout = runbook.config().env().duration(Settings.BACKUP_TIMEOUT, Settings.BACKUP_TIMEOUT_DEFAULT);
        EvidenceFolder folder = runbook.evidence();
        // backup.dir: where a production backup (the database's data) may be kept; by default the run's evidence
        // folder.
        Optional<Path> backupDir = runbook.config()
                .setting(BacktestSettings.BACKUP_DIR)
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d)
                        .resolve(runbook.config().env().name())
                        .resolve(runbook.config().id())
                        .toAbsolutePath());
        if (backupDir.isPresent()) {
            try {
                Files.createDirectories(backupDir.get());
            } catch (java.io.IOException e) {
                throw new runbooks.kit.env.ConfigurationException("backup.dir: cannot create " + backupDir.get() + " ("
                        + e.getMessage() + "); point BACKUP_DIR at a writable folder.");
            }
        }
        // One exported snapshot for the three dumps and the checksum they are compared with: nothing written meanwhile
        // can make them disagree.
        Map<String, List<String>> dumps = new LinkedHashMap<>();
        dumps.put("full", List.of("--clean", "--if-exists"));
        dumps.put("data", List.of("-t", TABLE, "--data-only"));
        dumps.put("schema", List.of("-s"));
        Map<String, String> names = Map.of(
                "full", "backtest_schema_backup_" + stamp + ".sql",
                "data", "market_structure_results_backup_" + stamp + ".sql",
                "schema", "schema_backup_" + stamp + ".sql");
        SnapshotBackups.Taken taken = SnapshotBackups.take(
                client,
                runbook.target(),
                runbook.sql("backtest/checks/1.3_results_checksum.sql"),
                dumps,
                kind -> backupDir
                        .map(d -> d.resolve(names.get(kind)))
                        .orElseGet(() -> folder.external(names.get(kind))),
                timeout);
        backups.putAll(taken.files());
        backupSums.putAll(taken.sha256());
        rowsInBackup = taken.checksumInSnapshot();
        folder.artefact(
                "backups.sha256",
                backups.entrySet().stream()
                        .map(b -> backupSums.get(b.getKey()) + "  "
                                + (b.getValue().getParent().equals(folder.dir())
                                        ? b.getValue().getFileName()
                                        : b.getValue()))
                        .collect(Collectors.joining("\n", "", "\n")));
        backups.forEach((kind, file) -> assertThat(file).as("%s backup", kind).isNotEmptyFile());
    }

    /** Each backup restored into a scratch database: schema and results equal the target's before the deploy. */
    void restoreEach(SchemaSnapshot pre) {
        var cluster = runbook.config().rehearsalCluster();
        Duration timeout = runbook.config().env().duration(Settings.BACKUP_TIMEOUT, Settings.BACKUP_TIMEOUT_DEFAULT);
        SnapshotBackups.provideRoles(runbook.target(), cluster);
        StringBuilder report = new StringBuilder();
        // Full: into an empty database.
        Target full = SnapshotBackups.restore(
                client, cluster.createDatabase("backup_full"), List.of(backups.get("full")), timeout);
        compare("full backup " + backups.get("full").getFileName(), full, pre, true, report);
        // Schema only: into an empty database; then the table's data on top of it.
        Target schemaOnly = SnapshotBackups.restore(
                client, cluster.createDatabase("backup_schema"), List.of(backups.get("schema")), timeout);
        compare("schema-only backup " + backups.get("schema").getFileName(), schemaOnly, pre, false, report);
        Target data = SnapshotBackups.restore(
                client,
                cluster.createDatabase("backup_data"),
                List.of(backups.get("schema"), backups.get("data")),
                timeout);
        compare(
                "data backup " + backups.get("data").getFileName() + " (restored onto the schema-only backup)",
                data,
                pre,
                true,
                report);
        runbook.evidence().artefact("backups-restored.txt", report.toString());
    }

    private void compare(String what, Target restored, SchemaSnapshot pre, boolean withRows, StringBuilder report) {
        // The restored schema went through a dump and a parse: compared as the same server parses both sides.
        List<String> differences = SchemaSnapshot.take(restored, runbook.sql("kit/catalog_snapshot.sql"))
                .differencesFrom(pre, restored);
        report.append(what)
                .append(": schema ")
                .append(differences.isEmpty() ? "equal" : String.join("; ", differences));
        assertThat(differences)
                .as("%s restored: schema against the target's", what)
                .isEmpty();
        if (withRows) {
            Rows rows = restored.query(runbook.sql("backtest/checks/1.3_results_checksum.sql"));
            report.append("; results ").append(rows.toCsv().replace('\n', ' '));
            assertThat(rows.toCsv())
                    .as("%s restored: results (count, max id, content md5) against the backup's snapshot", what)
                    .isEqualTo(rowsInBackup.toCsv());
        }
        report.append('\n');
        restored.close();
    }

    /** The {@code kind} backup ("full", "data", "schema"). */
    Path file(String kind) {
        return backups.get(kind);
    }

    String sha256(String kind) {
        return backupSums.get(kind);
    }

    /** The results' count, max id and content checksum in the backups' snapshot. */
    Rows rowsInBackup() {
        return rowsInBackup;
    }

    PgClient client() {
        if (client == null) {
            client = PgClient.find(
                    runbook.config().setting(Settings.PG_BIN), runbook.target().serverVersionNum() / 10000);
        }
        return client;
    }
}
