package runbooks.kit.database;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.env.ConfigurationException;
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
            LocalCluster cluster = started(env);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-local-postgres"));
            shared = cluster;
        }
        return shared;
    }

    /** Picks the provider the environment asks for, printing which one and why. */
    private static LocalCluster started(Environment env) {
        Logger log = LoggerFactory.getLogger(LocalProvider.class);
        List<LocalProvider> chain = List.of(new TestcontainersProvider(env), new EmbeddedProvider());
        String wanted = env.value(LocalProvider.PROVIDER_KEY).orElse("auto");
        if (!wanted.equals("auto")) {
            LocalProvider chosen = chain.stream()
                    .filter(p -> p.name().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new ConfigurationException(env.source()
                            + ": provider must be auto, testcontainers or embedded, not '" + wanted + "'."));
            chosen.unavailableReason().ifPresent(reason -> {
                throw new ConfigurationException(env.source() + " asks for provider=" + wanted + " but " + reason
                        + "; set provider=auto to fall back.");
            });
            log.info("[runbooks] local database: {} (provider={} in {})", chosen.name(), wanted, env.source());
            return chosen.start("provider=" + wanted + " in " + env.source());
        }
        StringBuilder skipped = new StringBuilder();
        for (LocalProvider provider : chain) {
            Optional<String> reason = provider.unavailableReason();
            if (reason.isEmpty()) {
                String why = skipped.length() == 0 ? "first choice" : skipped.toString();
                log.info("[runbooks] local database: {} ({})", provider.name(), why);
                return provider.start(why);
            }
            skipped.append(skipped.length() == 0 ? "" : "; ")
                    .append(provider.name())
                    .append(": ")
                    .append(reason.get());
        }
        throw new ConfigurationException("No local PostgreSQL could be started (" + skipped + ").");
    }
}
