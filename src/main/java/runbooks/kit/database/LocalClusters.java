package runbooks.kit.database;

import runbooks.kit.env.Environment;

/**
 * The one local cluster of this JVM, started on first use and stopped when the JVM exits.
 *
 * <p>It is a JVM-wide singleton rather than a value in JUnit's root store because drills run runbooks
 * through the JUnit test kit, where every run has a root store of its own: they would otherwise start
 * a cluster each.
 */
public final class LocalClusters {

    private static LocalCluster shared;

    private LocalClusters() {}

    private static final java.util.Map<String, LocalCluster> BY_BINARIES = new java.util.HashMap<>();

    /**
     * A cluster started from {@code binaries} (another major version than the shared cluster's), started on first use,
     * reused for the JVM's life and stopped when it exits.
     */
    public static synchronized LocalCluster of(PostgresBinaries.Jar binaries, String why) {
        return BY_BINARIES.computeIfAbsent(binaries.version(), v -> {
            LocalCluster cluster = new EmbeddedProvider(binaries).start(why);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-local-postgres-" + v));
            return cluster;
        });
    }

    public static synchronized LocalCluster shared(Environment env) {
        if (shared == null) {
            LocalCluster cluster = LocalProvider.start(env);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-local-postgres"));
            shared = cluster;
        }
        return shared;
    }
}
