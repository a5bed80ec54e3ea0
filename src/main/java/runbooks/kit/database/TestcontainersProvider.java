package runbooks.kit.database;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import runbooks.kit.env.Environment;

/** A PostgreSQL container, where a Docker engine is reachable. */
final class TestcontainersProvider implements LocalProvider {

    /** Key in {@code environments/local.properties}; default {@value #DEFAULT_IMAGE}. */
    static final String IMAGE_KEY = "postgres.image";

    static final String DEFAULT_IMAGE = "postgres:15-alpine";

    private final Environment env;

    TestcontainersProvider(Environment env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.empty()
                    : Optional.of("no Docker environment found");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("Docker check failed (" + e.getMessage() + ")");
        }
    }

    @Override
    public LocalCluster start(String why) {
        String image = env.value(IMAGE_KEY).orElse(DEFAULT_IMAGE);
        PostgreSQLContainer<?> container =
                new PostgreSQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        container.withCommand(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "max_connections=100",
                "-c",
                "shared_preload_libraries=pg_stat_statements");
        // The data directory in memory, as the embedded cluster's: a test run creates hundreds of databases.
        container.withTmpFs(java.util.Map.of("/var/lib/postgresql/data", "rw"));
        container.start();
        ConnectionSpec admin = new ConnectionSpec(
                "local",
                container.getHost(),
                container.getMappedPort(5432),
                "postgres",
                container.getUsername(),
                container.getPassword());
        return new LocalCluster() {
            @Override
            public String description() {
                return "Testcontainers " + image + " (" + why + ")";
            }

            @Override
            public ConnectionSpec admin() {
                return admin;
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
