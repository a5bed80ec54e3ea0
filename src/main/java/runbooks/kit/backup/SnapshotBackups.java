package runbooks.kit.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import runbooks.kit.data.Rows;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Results;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.sql.SqlFile;

/**
 * Backups of a target taken with pg_dump from one exported snapshot (a REPEATABLE READ, READ ONLY transaction): the dumps
 * and the checksum query they are compared with see the same data, whatever is written meanwhile. Each backup is proved
 * by restoring it into a scratch database of the local cluster, where the target's roles are created by name first.
 */
public final class SnapshotBackups {

    /** The dumps taken (kind -> file), their sha256, and what the checksum query read in their snapshot. */
    public record Taken(Map<String, Path> files, Map<String, String> sha256, Rows checksumInSnapshot) {}

    private SnapshotBackups() {}

    /** One pg_dump per entry of {@code dumps} (kind -> pg_dump options), into {@code fileFor.apply(kind)}, all from one snapshot. */
    public static Taken take(
            PgClient client,
            Target target,
            SqlFile checksum,
            Map<String, List<String>> dumps,
            Function<String, Path> fileFor,
            Duration timeout)
            throws SQLException {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, String> sums = new LinkedHashMap<>();
        Rows inSnapshot;
        try (Connection c = Connections.open(target.spec())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                String snapshot = Results.last("export snapshot", s, "SELECT pg_export_snapshot() AS id")
                        .single("id");
                inSnapshot = Results.last("checksum in the backup's snapshot", s, checksum.text());
                StringBuilder commands = new StringBuilder();
                for (var dump : dumps.entrySet()) {
                    Path file = fileFor.apply(dump.getKey());
                    List<String> options = new java.util.ArrayList<>(dump.getValue());
                    options.add("--snapshot=" + snapshot);
                    commands.append(Evidence.step(
                                    "pg_dump " + dump.getKey() + " -> " + file.getFileName(),
                                    () -> client.dump(target.spec(), file, options, timeout)))
                            .append('\n');
                    files.put(dump.getKey(), file);
                    sums.put(dump.getKey(), EvidenceFolder.sha256(file));
                }
                Evidence.text(
                        "pg_dump commands (password from PGPASSWORD, never on the command line)", commands.toString());
            } finally {
                c.rollback();
            }
        }
        Evidence.rows("what the checksum read in the backups' snapshot", inSnapshot);
        return new Taken(files, sums, inSnapshot);
    }

    /**
     * The backups name the target's roles (owners, GRANTs); a scratch database on the local cluster restores them only where
     * those roles exist: created there by name (NOLOGIN, no password) when missing.
     */
    public static void provideRoles(Target target, LocalCluster cluster) {
        List<String> roles = target.read("roles", "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1")
                .column("rolname");
        try (Connection c = Connections.open(cluster.admin());
                PreparedStatement ps = c.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname = ?");
                Statement s = c.createStatement()) {
            for (String role : roles) {
                ps.setString(1, role);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        s.execute("CREATE ROLE \"" + role.replace("\"", "\"\"") + "\" NOLOGIN");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not create the target's roles on the local cluster for the restore check: " + e.getMessage(),
                    e);
        }
    }

    /** {@code files} restored in order into {@code scratch}; a backup that does not restore is no backup: an assertion failure. */
    public static Target restore(PgClient client, ConnectionSpec scratch, List<Path> files, Duration timeout) {
        for (Path file : files) {
            try {
                client.restore(scratch, file, timeout);
            } catch (IllegalStateException e) {
                throw new AssertionError(
                        "The backup " + file.getFileName() + " does not restore (into " + scratch.database()
                                + " on the local cluster), so it is no backup: " + e.getMessage(),
                        e);
            }
        }
        return Target.scratch(scratch, "a scratch database holding a restored backup");
    }
}
