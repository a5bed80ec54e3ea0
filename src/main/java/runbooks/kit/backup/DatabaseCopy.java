package runbooks.kit.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalCluster;

/**
 * A fresh copy of a target's database for a rehearsal ({@code -Drehearse=copy}): {@code CREATE DATABASE … TEMPLATE} on
 * the target's own server where the suite may create databases there and nobody is connected to the target; otherwise
 * {@code pg_dump} of the target restored into a database of the local rehearsal cluster. The target is only read.
 *
 * @param how what was done, for the report
 */
public record DatabaseCopy(ConnectionSpec spec, String how, boolean onTargetServer) {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCopy.class);

    public static DatabaseCopy of(
            ConnectionSpec target,
            java.util.function.Supplier<LocalCluster> local,
            Optional<String> pgBin,
            Duration timeout) {
        String name = (target.database() + "_rehearsal_" + Long.toString(System.currentTimeMillis(), 36))
                .toLowerCase(java.util.Locale.ROOT);
        String refused;
        try (Connection c = Connections.open(target.withDatabase("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \""
                    + target.database().replace("\"", "\"\"") + "\"");
            LOG.info(
                    "[rehearsal] {} copied to {} on its own server (CREATE DATABASE ... TEMPLATE)",
                    target.masked(),
                    name);
            return new DatabaseCopy(
                    target.withDatabase(name),
                    "CREATE DATABASE " + name + " TEMPLATE " + target.database() + " on the target's server",
                    true);
        } catch (SQLException | RuntimeException e) {
            refused = String.valueOf(e.getMessage()).split("\n")[0];
        }
        ConnectionSpec copy = local.get().createDatabase("rehearsal");
        try {
            int major;
            try (Connection c = Connections.open(target);
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
                rs.next();
                major = rs.getInt(1);
            }
            PgClient client = PgClient.find(pgBin, major);
            Path dump = Files.createTempFile("rehearsal", ".sql");
            try {
                client.dump(target, dump, List.of("--no-owner", "--no-privileges"), timeout);
                client.restore(copy, dump, timeout);
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read the server version of " + target.masked() + " for its rehearsal copy: "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info(
                "[rehearsal] {} copied to {} (pg_dump, restored locally; a copy on its own server was refused: {})",
                target.masked(),
                copy.masked(),
                refused);
        return new DatabaseCopy(
                copy,
                "pg_dump of the target restored into " + copy.masked()
                        + " on the local rehearsal cluster (a copy on the" + " target's server was refused: " + refused
                        + ")",
                false);
    }

    /** Drops a copy made on the target's server (the local cluster's go with it). */
    public void drop() {
        if (!onTargetServer) {
            return;
        }
        try (Connection c = Connections.open(spec.withDatabase("postgres"));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + spec.database() + "\"");
        } catch (SQLException | RuntimeException e) {
            LOG.warn(
                    "[rehearsal] the copy {} could not be dropped ({}); drop it by hand",
                    spec.masked(),
                    e.getMessage());
        }
    }
}
