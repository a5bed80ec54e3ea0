package runbooks.kit.database;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.env.Environment;

/**
 * Starts the local PostgreSQL for env=local. Testcontainers is preferred where Docker exists;
 * otherwise embedded PostgreSQL from Maven Central, which needs no install at all.
 */
public interface LocalProvider {

    /** Key in {@code environments/local.properties}: {@code auto} (default), {@code testcontainers} or {@code embedded}. */
    String PROVIDER_KEY = "provider";

    String name();

    /** Why this provider cannot run here, in a few words; empty when it can. */
    Optional<String> unavailableReason();

    LocalCluster start(String why);

    /** Picks the provider the environment asks for, printing which one and why. */
    static LocalCluster start(Environment env) {
        Logger log = LoggerFactory.getLogger(LocalProvider.class);
        List<LocalProvider> chain = List.of(new TestcontainersProvider(env), new EmbeddedProvider());
        String wanted = env.value(PROVIDER_KEY).orElse("auto");
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
