package runbooks.kit.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Optional;

/** PostgreSQL binaries from Maven Central (io.zonky.test), started in a temporary directory. */
final class EmbeddedProvider implements LocalProvider {

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public LocalCluster start(String why) {
        EmbeddedPostgres pg;
        java.nio.file.Path data;
        try {
            // Removed when the cluster stops, by a process of its own (below), not by the exiting JVM.
            data = java.nio.file.Files.createTempDirectory("runbooks-pg-data");
            // A throwaway cluster: durability settings off, as for any test database.
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "100")
                    // Query statistics, as a monitored server keeps them (the backtest runbook reads them, §5.1.1).
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
        ConnectionSpec admin = new ConnectionSpec("local", "localhost", pg.getPort(), "postgres", "postgres", "");
        return new LocalCluster() {
            @Override
            public String description() {
                return "embedded PostgreSQL on port " + pg.getPort() + " (" + why + ")";
            }

            @Override
            public ConnectionSpec admin() {
                return admin;
            }

            @Override
            public void close() {
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new IllegalStateException("Embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
                }
                // After a test run the data directory holds hundreds of databases (each drill makes its own): deleting
                // them took longer than surefire waits for a JVM to exit (30 s) on a busy machine. rm -rf outlives the JVM.
                try {
                    new ProcessBuilder("rm", "-rf", data.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException e) {
                    // the directory stays in the temporary folder
                }
            }
        };
    }
}
