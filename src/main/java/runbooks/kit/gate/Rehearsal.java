package runbooks.kit.gate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Target;
import runbooks.kit.migration.Migrations;

/**
 * A throwaway database on the local cluster brought to the target's schema by replaying the target's
 * applied migrations, so that the gate never runs anything on the target itself. (Replaying migrations
 * rather than copying the target's schema: the embedded cluster has no pg_dump, and a migration that is
 * pending is judged against exactly the schema the migration history says the target has.)
 */
public final class Rehearsal {

    private Rehearsal() {}

    /**
     * For systems deployed with psql rather than Flyway: a throwaway database brought to the target's
     * schema by the scripts that built it, in order.
     */
    public static ConnectionSpec fromScripts(LocalCluster cluster, List<runbooks.kit.sql.SqlFile> scripts) {
        ConnectionSpec spec = cluster.createDatabase("rehearsal");
        for (runbooks.kit.sql.SqlFile script : scripts) {
            try (java.sql.Connection c = runbooks.kit.database.Connections.open(spec); java.sql.Statement s = c.createStatement()) {
                s.execute(script.text());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("The rehearsal database could not be built: " + script + " failed: " + e.getMessage(), e);
            }
        }
        return spec;
    }

    public static ConnectionSpec at(LocalCluster cluster, Path migrationsFolder, List<String> appliedVersions) {
        ConnectionSpec spec = cluster.createDatabase("rehearsal");
        if (!appliedVersions.isEmpty()) {
            Target rehearsal = new Target(spec, new Expectation(Optional.empty(), Optional.empty(), Optional.of(spec.database()),
                    Optional.empty(), "the rehearsal database"), new Target.Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(10),
                    Duration.ofSeconds(5)));
            rehearsal.verify();
            new Migrations(rehearsal, migrationsFolder).migrateTo(appliedVersions.get(appliedVersions.size() - 1));
        }
        return spec;
    }
}
