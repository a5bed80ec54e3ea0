package runbooks.kit.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.SqlFile;

/**
 * The database a runbook deploys to. Reads are always allowed and run read-only with a statement
 * timeout; writes are refused until {@link #verify()} has proved the connection reached the database
 * the environment expects.
 */
public final class Target implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Target.class);

    /** Timeouts applied to every statement; see {@code environments/*.properties}. */
    public record Timeouts(Duration check, Duration write, Duration lock) {}

    private final ConnectionSpec spec;
    private final Expectation expected;
    private final Timeouts timeouts;
    private TargetIdentity verified;
    private volatile SimulatedClock clock;
    private Connection reader;
    /** Two runs against one target serialize on a session advisory lock (see {@link #serializeRuns}). */
    private RunLock runLock;
    /** Checks that must pass before the first write; each gives the refusal sentence, or empty. */
    private final WritePermit permit = new WritePermit();

    private java.time.Instant readerClock;

    public Target(ConnectionSpec spec, Expectation expected, Timeouts timeouts) {
        this.spec = spec;
        this.expected = expected;
        this.timeouts = timeouts;
    }

    /**
     * A throwaway database the suite created for itself on the local cluster (a rehearsal, a restored
     * backup): verified at once, with the default timeouts.
     */
    public static Target scratch(ConnectionSpec spec, String what) {
        Target scratch = new Target(
                spec,
                new Expectation(
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.of(spec.database()),
                        java.util.Optional.empty(),
                        what),
                new Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(5)));
        scratch.verify();
        return scratch;
    }

    public ConnectionSpec spec() {
        return spec;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /**
     * From now on every session sees {@code now()} as {@code clock} (env=local stand-ins only; the clock's
     * SQL, {@code sql/kit/simulated_clock.sql}, must be installed first).
     */
    public void useClock(SimulatedClock clock) {
        this.clock = clock;
    }

    public java.util.Optional<SimulatedClock> clock() {
        return java.util.Optional.ofNullable(clock);
    }

    /** What time it is for this target's SQL: the simulated clock where one is used, else the real time. */
    public java.time.Instant now() {
        SimulatedClock c = clock;
        return c == null ? java.time.Instant.now() : c.now();
    }

    /**
     * A writing session that stays open (a stand-in's worker), refused until verified; the caller closes
     * it. It follows the simulated clock only as of now: re-apply the clock after advancing it.
     */
    public Connection session() throws SQLException {
        requireVerified();
        return open();
    }

    /** What the connection actually reached. Read-only. */
    public TargetIdentity identity() {
        try {
            Rows rows = reading(c -> Rows.read(
                    "target identity",
                    c.createStatement()
                            .executeQuery(
                                    "SELECT coalesce(host(inet_server_addr()), '') AS addr, coalesce(inet_server_port(), 0) AS port,"
                                            + " current_database() AS db, current_setting('server_version') AS version,"
                                            + " (SELECT system_identifier::text FROM pg_control_system()) AS sysid")));
            return new TargetIdentity(
                    spec.host(),
                    rows.single("addr"),
                    Integer.parseInt(rows.single("port")),
                    rows.single("db"),
                    rows.single("version"),
                    rows.single("sysid"));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read the identity of " + spec.masked() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Proves this is the intended database, before any write. A mismatch is one sentence naming what
     * was expected and what was reached.
     */
    public TargetIdentity verify() {
        TargetIdentity actual = identity();
        List<String> mismatches = expected.mismatches(actual);
        if (!mismatches.isEmpty()) {
            verified = null;
            throw new AssertionError("Wrong database targeted, stopping before any write: "
                    + String.join("; ", mismatches) + " (expected per " + expected.source() + ").");
        }
        verified = actual;
        // Taken at the preflight, not at the first write: a second run is told at once who is running, not during its
        // backfill.
        holdRunLock();
        return actual;
    }

    /** The server's {@code server_version_num} (150013 for 15.13): what the gate and the version checks compare with. Read-only. */
    public int serverVersionNum() {
        return Integer.parseInt(read("server version", "SELECT current_setting('server_version_num') AS v")
                .single("v"));
    }

    /** What {@link #verify()} found, once it passed. */
    public java.util.Optional<TargetIdentity> verifiedIdentity() {
        return java.util.Optional.ofNullable(verified);
    }

    /**
     * Before a program outside this JVM writes to the target (psql restoring a backup): the same checks as
     * every write of the suite's own (verified, confirmed, guards passed, run lock held).
     */
    public void beforeExternalWrite() {
        requireVerified();
    }

    /** A data source for tools that write (Flyway). Refused until {@link #verify()} passed. */
    public DataSource writableDataSource() {
        requireVerified();
        return spec.dataSource();
    }

    /** Runs a read-only query file with settings, attaching the SQL and the rows it saw. */
    public Rows query(SqlFile file, Map<String, String> settings) {
        Evidence.sql(file.name(), file.withSettings(settings));
        try {
            Rows rows = reading(c -> {
                c.setAutoCommit(false);
                try {
                    apply(c, settings, timeouts.check());
                    try (Statement st = c.createStatement()) {
                        return lastResult(file.toString(), st, file.text());
                    }
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
            Evidence.rows(file.name() + " (rows)", rows);
            return rows;
        } catch (SQLException e) {
            throw failed(file, e);
        }
    }

    public Rows query(SqlFile file) {
        return query(file, Map.of());
    }

    /**
     * Many read-only statements on the reading session (read-only, the check timeout), nothing attached: the kit's own
     * bulk reads (which backfill chunks are still uncovered). The work's transaction is rolled back.
     */
    public <T> T readOnly(SqlWork<T> work) {
        try {
            return reading(c -> {
                c.setAutoCommit(false);
                try {
                    return work.run(c);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new SqlFailure(
                    "A read-only check failed on " + spec.masked() + ": "
                            + e.getMessage().replace('\n', ' '),
                    e);
        }
    }

    /** A short read-only catalog lookup with bound parameters (the kit's own queries, not runbook SQL). */
    public Rows read(String source, String sql, Object... parameters) {
        try {
            return reading(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        ps.setObject(i + 1, parameters[i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return Rows.read(source, rs);
                    }
                }
            });
        } catch (SQLException e) {
            throw new SqlFailure(
                    source + " failed on " + spec.masked() + ": "
                            + e.getMessage().replace('\n', ' '),
                    e);
        }
    }

    /** Runs a writing SQL file in one transaction, attaching it; returns the rows of its last statement. */
    public Rows execute(SqlFile file, Map<String, String> settings) {
        requireVerified();
        Evidence.sql(file.name(), file.withSettings(settings));
        try (Connection c = open()) {
            c.setAutoCommit(false);
            apply(c, settings, timeouts.write());
            Rows rows = lastResult(file.toString(), c.createStatement(), file.text());
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw failed(file, e);
        }
    }

    public Rows execute(SqlFile file) {
        return execute(file, Map.of());
    }

    /**
     * Runs a SQL file as one simple-query message (the driver's pipeline): without its own BEGIN the server runs it as one
     * implicit transaction, so {@code CONCURRENTLY} fails here; a migration tool that sends a file whole (Prisma) runs it
     * this way. For psql's semantics, statement by statement, use {@link #psql}. Returns the server's NOTICEs, in order.
     */
    public List<String> script(SqlFile file, Map<String, String> settings) {
        requireVerified();
        Evidence.sql(file.name(), file.withSettings(settings));
        try (Connection c = open();
                Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + timeouts.write().toMillis());
            s.execute("SET lock_timeout = " + timeouts.lock().toMillis());
            s.execute("SET TimeZone = 'UTC'");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.execute();
                }
            }
            s.clearWarnings();
            List<String> notices = new java.util.ArrayList<>();
            try {
                s.execute(file.text());
            } finally {
                for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(w.getMessage());
                }
                Evidence.text(file.name() + " (notices)", notices.isEmpty() ? "(none)" : String.join("\n", notices));
            }
            return notices;
        } catch (SQLException e) {
            throw failed(file, e);
        }
    }

    public List<String> script(SqlFile file) {
        return script(file, Map.of());
    }

    /**
     * Runs {@code file} as {@code psql -v ON_ERROR_STOP=1 -f} does ({@link PsqlFile}): each statement on its own in autocommit
     * unless the file opens a transaction, {@code CONCURRENTLY} outside any, stopping at the first error, with this target's
     * write and lock timeouts (a file's own {@code SET} wins). Every statement's result is kept, in order, and attached as the
     * psql transcript. Returns the results of the statements that return rows.
     */
    public List<Rows> psql(SqlFile file, Map<String, String> settings) {
        return PsqlFile.run(this, file, settings);
    }

    /** A new session for a write, refused until the target is verified and every write guard passes. */
    Connection openForWrite() throws SQLException {
        requireVerified();
        return open();
    }

    RuntimeException failure(SqlFile file, SQLException e) {
        return failed(file, e);
    }

    /**
     * Runs a file that calls functions with side effects (claiming tasks, moving a cursor) to see what
     * they answer, in a transaction that is always rolled back: nothing it does stays.
     */
    public Rows trial(SqlFile file, Map<String, String> settings) {
        requireVerified();
        Evidence.sql(file.name() + " (rolled back)", file.withSettings(settings));
        try (Connection c = open()) {
            c.setAutoCommit(false);
            try {
                apply(c, settings, timeouts.check());
                Rows rows = lastResult(file.toString(), c.createStatement(), file.text());
                Evidence.rows(file.name() + " (rows)", rows);
                return rows;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failed(file, e);
        }
    }

    public Rows trial(SqlFile file) {
        return trial(file, Map.of());
    }

    /** Work that needs one writing connection and transaction of its own. */
    public <T> T inTransaction(Map<String, String> settings, SqlWork<T> work) throws SQLException {
        return writing(c -> transaction(c, settings, work));
    }

    /** One writing connection for many transactions (a backfill's chunks), refused until verified. */
    public <T> T writing(SqlWork<T> work) throws SQLException {
        requireVerified();
        try (Connection c = open()) {
            c.setAutoCommit(false);
            return work.run(c);
        }
    }

    /** One transaction on a connection from {@link #writing}, with settings and timeouts; rolled back on error. */
    public <T> T transaction(Connection c, Map<String, String> settings, SqlWork<T> work) throws SQLException {
        try {
            apply(c, settings, timeouts.write());
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** One unit of work on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code sql} on {@code statement} and reads the last result set it produced (empty if none). */
    public static Rows lastResult(String source, Statement statement, String sql) throws SQLException {
        return lastResult(source, statement, statement.execute(sql));
    }

    /**
     * Runs one prepared statement and reads its last result set: for a statement run many times on one
     * session (a backfill's chunks), which the driver then keeps prepared, planned once.
     */
    public static Rows lastResult(String source, PreparedStatement statement) throws SQLException {
        return lastResult(source, statement, statement.execute());
    }

    private static Rows lastResult(String source, Statement statement, boolean isResult) throws SQLException {
        Rows last = Rows.empty(source);
        while (true) {
            if (isResult) {
                try (ResultSet rs = statement.getResultSet()) {
                    last = Rows.read(source, rs);
                }
            } else if (statement.getUpdateCount() == -1) {
                return last;
            }
            isResult = statement.getMoreResults();
        }
    }

    /** A new session on the target, on the simulated clock where one is used. */
    private Connection open() throws SQLException {
        Connection c = Connections.open(spec);
        SimulatedClock current = clock;
        if (current != null) {
            try {
                current.applyTo(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /**
     * Runs read-only work on this target's one reading session, opened on first use (read-only, check
     * timeout, UTC) and kept: a watch that looks every simulated minute must not open a connection a look.
     * A session that failed is dropped and the next read opens a new one.
     */
    private synchronized <T> T reading(SqlWork<T> work) throws SQLException {
        if (reader == null) {
            Connection c = open();
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = " + timeouts.check().toMillis());
                s.execute("SET TimeZone = 'UTC'");
            }
            reader = c;
            readerClock = clock == null ? null : clock.now();
        }
        try {
            SimulatedClock current = clock;
            if (current != null && !current.now().equals(readerClock)) {
                current.applyTo(reader);
                readerClock = current.now();
            }
            return work.run(reader);
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Closes the reading session (before the database is copied or dropped); the target stays usable. */
    @Override
    public synchronized void close() {
        if (runLock != null) {
            runLock.release();
        }
        if (reader != null) {
            try {
                reader.close();
            } catch (SQLException e) {
                // gone either way
            }
            reader = null;
        }
    }

    private void apply(Connection c, Map<String, String> settings, Duration statementTimeout) throws SQLException {
        // set_config(name, value, true) is SET LOCAL. One statement, one round trip: a long backfill opens thousands of
        // transactions, and the driver keeps the statement prepared on the session (its text depends on the count
        // only).
        StringBuilder sql = new StringBuilder(
                "SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true),"
                        + " set_config('TimeZone', 'UTC', true)");
        settings.forEach((k, v) -> sql.append(", set_config(?, ?, true)"));
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, String.valueOf(statementTimeout.toMillis()));
            ps.setString(i++, String.valueOf(timeouts.lock().toMillis()));
            for (Map.Entry<String, String> e : settings.entrySet()) {
                ps.setString(i++, e.getKey());
                ps.setString(i++, e.getValue());
            }
            ps.execute();
        }
    }

    private void requireVerified() {
        permit.check(this, verified, this::holdRunLock);
    }

    /** A check before any write (a promotion record, say): its sentence, when present, refuses the write. */
    public void guardWrites(java.util.function.Supplier<java.util.Optional<String>> guard) {
        permit.guard(guard);
    }

    /** Writes need {@code given} (the operator's -Dconfirm) to equal the verified database's name. */
    public void requireConfirmation(java.util.Optional<String> given) {
        permit.requireConfirmation(given);
    }

    /**
     * Before its first write, a run takes a session advisory lock keyed by {@code runbook} on this database and
     * keeps it until {@link #close()}; a second run waits up to {@code wait}, then stops with one sentence
     * naming the holder (application name, client, since when).
     */
    public synchronized void serializeRuns(String runbook, Duration wait) {
        this.runLock = new RunLock(this, runbook, wait);
    }

    private synchronized void holdRunLock() {
        if (runLock != null) {
            runLock.hold();
        }
    }

    private RuntimeException failed(SqlFile file, SQLException e) {
        return SqlFailures.failed(this, file, e);
    }

    /** A lost connection: the server restarted, shut down, or the network dropped (SQL state class 08, 57P01-57P03). */
    public static boolean isConnectionLost(SQLException e) {
        return SqlFailures.isConnectionLost(e);
    }

    /** Who holds locks on this database's tables now (application name, pid, since), for a lock-wait sentence. */
    public String lockHolders() {
        return SqlFailures.lockHolders(this);
    }

    /** The infrastructure failed under a step (the server went away): one sentence on what the run left, never a deployment finding. */
    public static final class InfrastructureFault extends RuntimeException {
        public InfrastructureFault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A SQL file PostgreSQL refused to run: a suite or infrastructure error, not a deployment finding. */
    public static final class SqlFailure extends RuntimeException {
        SqlFailure(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
