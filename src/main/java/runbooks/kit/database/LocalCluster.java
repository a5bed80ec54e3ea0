package runbooks.kit.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL server the suite started for itself (env=local). Each runbook gets a fresh database
 * on it, so runbooks never see each other's state.
 */
public interface LocalCluster extends AutoCloseable {

    /** What this is and why it was chosen, e.g. "embedded PostgreSQL (no Docker environment found)". */
    String description();

    /** A superuser connection to the {@code postgres} database. */
    ConnectionSpec admin();

    /** Creates an empty database named {@code <prefix>_<random>} and returns how to reach it. */
    default ConnectionSpec createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = Connections.open(admin());
                Statement s = c.createStatement()) {
            // Drills run in parallel; one CREATE DATABASE at a time keeps the template free.
            synchronized (LocalCluster.class) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create local database " + name + ": " + e.getMessage(), e);
        }
        return admin().withDatabase(name);
    }

    /** Drops a database this cluster's tests or benchmarks created, its sessions ended first. */
    default void dropDatabase(String name) {
        try (Connection c = Connections.open(admin());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop local database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A copy of database {@code source} named {@code <prefix>_<random>} ({@code CREATE DATABASE ... TEMPLATE}:
     * tens of milliseconds). Nobody may be connected to {@code source} meanwhile.
     */
    default ConnectionSpec cloneDatabase(String source, String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = Connections.open(admin());
                Statement s = c.createStatement()) {
            synchronized (LocalCluster.class) {
                s.execute("CREATE DATABASE " + name + " TEMPLATE " + source);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not copy local database " + source + " to " + name + ": " + e.getMessage(), e);
        }
        return admin().withDatabase(name);
    }

    /** The cluster's {@code system_identifier}, which a local runbook's target must match. */
    default String systemIdentifier() {
        try (Connection c = Connections.open(admin());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read the local cluster's system_identifier: " + e.getMessage(), e);
        }
    }

    @Override
    void close();
}
