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

    public static synchronized LocalCluster shared(Environment env) {
        if (shared == null) {
            LocalCluster cluster = LocalProvider.start(env);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-local-postgres"));
            shared = cluster;
        }
        return shared;
    }
}
