package runbooks.kit.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Optional;

/** PostgreSQL binaries from Maven Central (io.zonky.test), started in a temporary directory. */
final class EmbeddedProvider implements LocalProvider {

    /** The binaries of another version than the classpath's, or null for the classpath's. */
    private final PostgresBinaries.Jar binaries;

    EmbeddedProvider() {
        this(null);
    }

    EmbeddedProvider(PostgresBinaries.Jar binaries) {
        this.binaries = binaries;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Memory-backed storage for the data directory when the machine has it with room to spare. */
    private static final java.nio.file.Path SHARED_MEMORY = java.nio.file.Path.of("/dev/shm");

    private static final long ROOM = 6L << 30;

    /**
     * Where the throwaway data directory goes: {@code /dev/shm} (memory) when it is a writable folder with at
     * least 6 GiB free, else the temporary folder. A test run creates hundreds of databases (each drill copies a
     * stand-in, rehearses, restores): on disk that was gigabytes written and deleted per run, and a busy shared
     * disk slowed every drill.
     */
    static java.nio.file.Path dataParent() throws IOException {
        removeAbandoned();
        if (java.nio.file.Files.isDirectory(SHARED_MEMORY)
                && java.nio.file.Files.isWritable(SHARED_MEMORY)
                && java.nio.file.Files.getFileStore(SHARED_MEMORY).getUsableSpace() >= ROOM) {
            return SHARED_MEMORY;
        }
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Data directories in memory that a run killed before it could remove them left behind: older than ten
     * minutes, and no live postmaster (its {@code postmaster.pid} names none that runs). Removed by {@code rm -rf}.
     */
    private static void removeAbandoned() {
        java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofMinutes(10));
        try (var dirs = java.nio.file.Files.newDirectoryStream(SHARED_MEMORY, "runbooks-pg-data*")) {
            for (java.nio.file.Path dir : dirs) {
                if (java.nio.file.Files.getLastModifiedTime(dir).toInstant().isAfter(cutoff) || postmasterRuns(dir)) {
                    continue;
                }
                new ProcessBuilder("rm", "-rf", dir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            }
        } catch (IOException | RuntimeException e) {
            // nothing to remove, or not ours to remove
        }
    }

    private static boolean postmasterRuns(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path pid = dir.resolve("postmaster.pid");
        if (!java.nio.file.Files.isRegularFile(pid)) {
            return false;
        }
        String first = java.nio.file.Files.readAllLines(pid).stream()
                .findFirst()
                .orElse("")
                .strip();
        return first.matches("\\d+")
                && ProcessHandle.of(Long.parseLong(first))
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
    }

    /**
     * At JVM exit zonky's own shutdown hook ({@code postgres-<id>-closer}) may be running {@code pg_ctl stop} while this
     * one runs: {@link EmbeddedPostgres#close()} then returns at once to the second caller, and removing the data
     * directory under the first made pg_ctl fail ("Could not stop postmaster" after clean runs). Wait for it first.
     */
    private static void awaitEmbeddedCloser() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && t.getName().matches("postgres-.*-closer")) {
                try {
                    t.join(java.time.Duration.ofMinutes(1).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public LocalCluster start(String why) {
        EmbeddedPostgres pg;
        java.nio.file.Path data;
        try {
            // Removed when the cluster stops, by a process of its own (below), not by the exiting JVM.
            data = java.nio.file.Files.createTempDirectory(dataParent(), "runbooks-pg-data");
            // A throwaway cluster: durability settings off, as for any test database.
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (binaries != null) {
                // The jar holds one archive per platform, named as zonky's own resolver names it.
                builder.setPgBinaryResolver((system, hardware) -> new java.net.URL(
                                "jar:" + binaries.path().toUri() + "!/postgres-"
                                        + system.toLowerCase(java.util.Locale.ROOT) + "-" + hardware + ".txz")
                        .openStream());
            }
            pg = builder.setDataDirectory(data)
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
        java.nio.file.Path dataDir = data;
        return new LocalCluster() {
            @Override
            public String description() {
                return "embedded PostgreSQL" + (binaries == null ? "" : " " + binaries.version()) + " on port "
                        + pg.getPort() + ", data in " + dataDir.getParent() + " (" + why + ")";
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
                awaitEmbeddedCloser();
                // After a test run the data directory holds hundreds of databases (each drill makes its own): deleting
                // them took longer than surefire waits for a JVM to exit (30 s) on a busy machine. rm -rf outlives the
                // JVM.
                try {
                    new ProcessBuilder("rm", "-rf", data.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                } catch (IOException e) {
                    // the directory stays in the temporary folder
                }
            }
        };
    }
}
