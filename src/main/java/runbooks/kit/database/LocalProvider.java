package runbooks.kit.database;

import java.util.Optional;

/**
 * A way to start the local PostgreSQL for env=local. {@link LocalClusters} picks one: Testcontainers where Docker exists,
 * otherwise embedded PostgreSQL from Maven Central, which needs no install at all.
 */
public interface LocalProvider {

    /** Key in {@code environments/local.properties}: {@code auto} (default), {@code testcontainers} or {@code embedded}. */
    String PROVIDER_KEY = "provider";

    String name();

    /** Why this provider cannot run here, in a few words; empty when it can. */
    Optional<String> unavailableReason();

    LocalCluster start(String why);
}
