package runbooks.kit.gate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.PostgresBinaries;

/**
 * The local cluster a rehearsal runs on: one of the target's major version, so that what the target accepts the
 * rehearsal accepts too. The shared local cluster where its major is the target's; else one started from that major's
 * binaries ({@link PostgresBinaries}, once per JVM); where there are none, the nearest older major, said once.
 */
public final class RehearsalClusters {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RehearsalClusters.class);
    private static final Set<Integer> SAID = ConcurrentHashMap.newKeySet();

    private RehearsalClusters() {}

    /**
     * Where a target's migrations are rehearsed.
     *
     * @param versionNum the cluster's {@code server_version_num}
     * @param note why the cluster is not of the target's major version, or empty when it is
     */
    public record Choice(LocalCluster cluster, int versionNum, Optional<String> note) {}

    /** The cluster for a target of {@code targetVersionNum}, {@code shared} being the JVM's local cluster. */
    public static Choice forTarget(LocalCluster shared, int targetVersionNum) {
        int wanted = targetVersionNum / 10000;
        int sharedVersion = versionNum(shared);
        if (sharedVersion / 10000 == wanted) {
            return new Choice(shared, sharedVersion, Optional.empty());
        }
        Optional<PostgresBinaries.Jar> exact = PostgresBinaries.forMajor(wanted);
        if (exact.isPresent()) {
            LocalCluster cluster =
                    LocalClusters.of(exact.get(), "the safety gate's rehearsal of PostgreSQL " + wanted + " targets");
            return new Choice(cluster, versionNum(cluster), Optional.empty());
        }
        Optional<PostgresBinaries.Jar> older = PostgresBinaries.all().stream()
                .filter(j -> j.major() < wanted && j.major() > sharedVersion / 10000)
                .max(Comparator.comparingInt(PostgresBinaries.Jar::major)
                        .thenComparingInt(PostgresBinaries.Jar::minor)
                        .thenComparingInt(PostgresBinaries.Jar::patch));
        LocalCluster cluster = older.map(j ->
                        LocalClusters.of(j, "the safety gate's rehearsal, nearest older than PostgreSQL " + wanted))
                .orElse(shared);
        int version = versionNum(cluster);
        String note = "no PostgreSQL " + wanted + " binaries were found (looked in "
                + PostgresBinaries.searched()
                + "; the build copies the versions the pom names): rehearsed on PostgreSQL "
                + GateRun.version(version)
                + (version < targetVersionNum ? ", the nearest older" : ", newer than the target");
        if (SAID.add(wanted)) {
            LOG.warn("[gate] {}", note);
        }
        return new Choice(cluster, version, Optional.of(note));
    }

    private static final java.util.Map<LocalCluster, Integer> VERSIONS = new ConcurrentHashMap<>();

    private static int versionNum(LocalCluster cluster) {
        return VERSIONS.computeIfAbsent(cluster, c -> {
            try (Connection conn = Connections.open(c.admin());
                    Statement s = conn.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "Could not read the version of " + c.description() + ": " + e.getMessage(), e);
            }
        });
    }
}
