package runbooks.kit.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import runbooks.kit.env.Environment;
import runbooks.kit.junit.Settings;

/** Fresh databases on the local cluster for the kit's own tests. */
public final class LocalTargets {

    private LocalTargets() {}

    public static LocalCluster cluster() {
        Path basedir = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
        return LocalClusters.shared(Environment.load(basedir.resolve("environments"), "local", k -> Optional.empty()));
    }

    /** A new empty database, verified, so writes are allowed. */
    public static Target fresh(String prefix) {
        ConnectionSpec spec = cluster().createDatabase(prefix);
        Target target = new Target(
                spec,
                Expectation.database(spec.database(), "test"),
                new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2)));
        target.verify();
        return target;
    }

    /** An existing local database, verified. */
    public static Target on(ConnectionSpec spec) {
        Target target = new Target(
                spec,
                Expectation.database(spec.database(), "test"),
                new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2)));
        target.verify();
        return target;
    }
}
