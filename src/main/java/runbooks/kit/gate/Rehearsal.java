package runbooks.kit.gate;

import java.time.Duration;
import java.util.List;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.PsqlSplitter;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.sql.Statements;

/**
 * A throwaway database on the local cluster holding the target's schema, so that the gate never runs
 * anything on the target itself. For an existing server the schema is copied with
 * {@code pg_dump --schema-only} where pg_dump is on the PATH (the target's real schema, drift included);
 * otherwise, and on env=local, it is rebuilt from what built the target (its applied migrations, or the
 * scripts of a psql-deployed system).
 */
public final class Rehearsal {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Rehearsal.class);
    /** psql meta-commands recent pg_dump versions write around a dump; not SQL. */
    private static final java.util.regex.Pattern RESTRICT =
            java.util.regex.Pattern.compile("(?m)^\\\\(un)?restrict [A-Za-z0-9]+$");

    private Rehearsal() {}

    /** How the rehearsal database got its schema, for the report. */
    public record Prepared(ConnectionSpec database, String how) {}

    /**
     * The schema of {@code target} copied by pg_dump into a fresh local database, or, when pg_dump is not
     * available or fails, {@code fallback}'s database.
     */
    public static Prepared copyOrRebuild(
            LocalCluster cluster,
            ConnectionSpec target,
            java.util.function.Supplier<ConnectionSpec> fallback,
            String fallbackHow) {
        carryRoles(cluster, target);
        String[] failure = new String[1];
        java.util.Optional<String> dump = schemaDump(target, failure);
        if (dump.isEmpty()) {
            // Said in the report: a rebuilt schema misses the target's drift, so the reader must know why it was used.
            return new Prepared(
                    fallback.get(),
                    fallbackHow + " (pg_dump --schema-only of the target did not run: " + failure[0] + ")");
        }
        ConnectionSpec spec = cluster.createDatabase("rehearsal");
        try (java.sql.Connection c = runbooks.kit.database.Connections.open(spec);
                java.sql.Statement s = c.createStatement()) {
            s.execute(RESTRICT.matcher(dump.get()).replaceAll(""));
        } catch (java.sql.SQLException e) {
            LOG.warn(
                    "[gate] the schema dump of {} does not restore locally ({}); rebuilding instead",
                    target.masked(),
                    e.getMessage());
            return new Prepared(
                    fallback.get(),
                    fallbackHow + " (the pg_dump copy did not restore: "
                            + e.getMessage().split("\n")[0] + ")");
        }
        return new Prepared(spec, "pg_dump --schema-only of " + target.masked());
    }

    /**
     * The target's roles, created (NOLOGIN, nothing granted) on the rehearsal cluster where it lacks them, so that a copy's
     * policies and a migration's {@code GRANT}s and {@code CREATE POLICY … TO role} rehearse as on the target. A role the
     * cluster cannot create is left to the gate's finding, which names it.
     */
    static void carryRoles(LocalCluster cluster, ConnectionSpec target) {
        List<String> roles = new java.util.ArrayList<>();
        try (java.sql.Connection c = runbooks.kit.database.Connections.open(target);
                java.sql.Statement s = c.createStatement()) {
            c.setReadOnly(true);
            try (java.sql.ResultSet rs = s.executeQuery(resource("target_roles.sql"))) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            LOG.warn(
                    "[gate] the roles of {} were not read ({}); the rehearsal has only its own",
                    target.masked(),
                    e.getMessage());
            return;
        }
        try (java.sql.Connection c = runbooks.kit.database.Connections.open(cluster.admin());
                java.sql.PreparedStatement missing =
                        c.prepareStatement("SELECT format('CREATE ROLE %I NOLOGIN', r) FROM unnest(?::text[]) r"
                                + " WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)")) {
            missing.setArray(1, c.createArrayOf("text", roles.toArray()));
            List<String> creates = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = missing.executeQuery()) {
                while (rs.next()) {
                    creates.add(rs.getString(1));
                }
            }
            try (java.sql.Statement s = c.createStatement()) {
                for (String create : creates) {
                    try {
                        s.execute(create);
                    } catch (java.sql.SQLException e) {
                        LOG.warn("[gate] {} on the rehearsal cluster failed: {}", create, e.getMessage());
                    }
                }
            }
            if (!creates.isEmpty()) {
                LOG.info("[gate] the rehearsal cluster now has the target's roles ({} created)", creates.size());
            }
        } catch (java.sql.SQLException e) {
            LOG.warn("[gate] the target's roles were not created on the rehearsal cluster: {}", e.getMessage());
        }
    }

    private static String resource(String name) {
        try (java.io.InputStream in = Rehearsal.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The target's schema as pg_dump prints it; where pg_dump cannot, {@code failure[0]} says why (its own first error line). */
    private static java.util.Optional<String> schemaDump(ConnectionSpec target, String[] failure) {
        try {
            // --lock-wait-timeout: a table locked by another session makes pg_dump give up in 10 s, saying so, not wait
            // minutes.
            ProcessBuilder pb = new ProcessBuilder(
                    "pg_dump",
                    "--schema-only",
                    "--no-owner",
                    "--no-privileges",
                    "--lock-wait-timeout=10s",
                    "-h",
                    target.host(),
                    "-p",
                    String.valueOf(target.port()),
                    "-U",
                    target.user(),
                    target.database());
            pb.environment().put("PGPASSWORD", target.password() == null ? "" : target.password());
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            java.nio.file.Path out = java.nio.file.Files.createTempFile("schema", ".sql");
            java.nio.file.Path err = java.nio.file.Files.createTempFile("schema", ".err");
            Process p =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
            String text = java.nio.file.Files.readString(out);
            String errors = java.nio.file.Files.readString(err)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .findFirst()
                    .orElse("")
                    .strip();
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                failure[0] = !done
                        ? "it took longer than 2 minutes"
                        : errors.isEmpty() ? "exit code " + p.exitValue() : errors;
                LOG.warn(
                        "[gate] pg_dump --schema-only of {} failed ({}); rebuilding the schema instead",
                        target.masked(),
                        failure[0]);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(text);
        } catch (java.io.IOException e) {
            failure[0] = "pg_dump is not on the PATH (" + e.getMessage() + ")";
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure[0] = "interrupted";
            return java.util.Optional.empty();
        }
    }

    /**
     * For systems deployed with psql rather than Flyway: a throwaway database brought to the target's
     * schema by the scripts that built it, in order.
     */
    public static ConnectionSpec fromScripts(LocalCluster cluster, List<runbooks.kit.sql.SqlFile> scripts) {
        ConnectionSpec spec = cluster.createDatabase("rehearsal");
        Statements.Splitter splitter = PsqlSplitter.on(spec);
        for (runbooks.kit.sql.SqlFile script : scripts) {
            // As psql runs a file: statement by statement in autocommit (CONCURRENTLY outside a transaction),
            // BEGIN/COMMIT the file's.
            try (java.sql.Connection c = runbooks.kit.database.Connections.open(spec);
                    java.sql.Statement s = c.createStatement()) {
                for (Statements.Statement st : Statements.of(script.name(), script.text(), splitter)) {
                    s.execute(st.sql());
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(
                        "The rehearsal database could not be built: " + script + " failed: " + e.getMessage(), e);
            }
        }
        return spec;
    }

    /**
     * {@code rehearsal} with its tables emptied ({@code empty_tables.sql}): the schema of a starting state, never its rows,
     * so a migration is judged on what it does to the schema and not on rows a stand-in happens to hold.
     */
    public static ConnectionSpec withoutRows(ConnectionSpec rehearsal) {
        try (java.sql.Connection c = runbooks.kit.database.Connections.open(rehearsal);
                java.sql.Statement s = c.createStatement()) {
            s.execute(resource("empty_tables.sql"));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "The rehearsal database's tables could not be emptied: " + e.getMessage(), e);
        }
        return rehearsal;
    }

    /** A throwaway database with {@code appliedVersions} of {@code journal}'s folder applied by its own tool. */
    public static ConnectionSpec at(
            LocalCluster cluster, runbooks.kit.migration.MigrationJournal journal, List<String> appliedVersions) {
        ConnectionSpec spec = cluster.createDatabase("rehearsal");
        if (!appliedVersions.isEmpty()) {
            Target rehearsal = new Target(
                    spec,
                    Expectation.database(spec.database(), "the rehearsal database"),
                    new Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(5)));
            rehearsal.verify();
            journal.on(rehearsal).migrateTo(appliedVersions.get(appliedVersions.size() - 1));
        }
        return spec;
    }
}
