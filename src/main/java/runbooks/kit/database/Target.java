package runbooks.kit.database;

import runbooks.kit.data.Rows;
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
    private String runLockKey;
    private Duration runLockWait;
    private Connection runLock;
    /** Checks that must pass before the first write; each gives the refusal sentence, or empty. */
    private final List<java.util.function.Supplier<java.util.Optional<String>>> writeGuards = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When set, writes need this typed confirmation to equal the verified database's name. */
    private java.util.Optional<String> confirmation;
    /** The advisory lock's first key: "RUNB"; the second is hashtext of the runbook's id. */
    static final int RUN_LOCK_CLASS = 0x52554E42;
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
        Target scratch = new Target(spec, new Expectation(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(spec.database()),
                java.util.Optional.empty(), what), new Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(5)));
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
            Rows rows = reading(c -> Rows.read("target identity", c.createStatement().executeQuery(
                    "SELECT coalesce(host(inet_server_addr()), '') AS addr, coalesce(inet_server_port(), 0) AS port,"
                            + " current_database() AS db, current_setting('server_version') AS version,"
                            + " (SELECT system_identifier::text FROM pg_control_system()) AS sysid")));
            return new TargetIdentity(spec.host(), rows.single("addr"), Integer.parseInt(rows.single("port")),
                    rows.single("db"), rows.single("version"), rows.single("sysid"));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the identity of " + spec.masked() + ": " + e.getMessage(), e);
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
        // Taken at the preflight, not at the first write: a second run is told at once who is running, not during its backfill.
        holdRunLock();
        return actual;
    }

    /** The server's {@code server_version_num} (150013 for 15.13): what the gate and the version checks compare with. Read-only. */
    public int serverVersionNum() {
        return Integer.parseInt(read("server version", "SELECT current_setting('server_version_num') AS v").single("v"));
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
            throw new SqlFailure("A read-only check failed on " + spec.masked() + ": " + e.getMessage().replace('\n', ' '), e);
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
            throw new SqlFailure(source + " failed on " + spec.masked() + ": " + e.getMessage().replace('\n', ' '), e);
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
        try (Connection c = open(); Statement s = c.createStatement()) {
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
        requireVerified();
        Evidence.sql(file.name(), file.withSettings(settings));
        List<PsqlFile.Outcome> done = new java.util.ArrayList<>();
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + timeouts.write().toMillis() + "; SET lock_timeout = " + timeouts.lock().toMillis()
                    + "; SET TimeZone = 'UTC'");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.execute();
                }
            }
            PsqlFile.run(c, file, done);
            return done.stream().filter(o -> !o.rows().columns().isEmpty()).map(PsqlFile.Outcome::rows).toList();
        } catch (SQLException e) {
            throw failed(file, e);
        } finally {
            Evidence.text("psql " + file.name(), done.stream().map(PsqlFile.Outcome::toText).collect(java.util.stream.Collectors.joining("\n"))
                    + (done.isEmpty() ? "(nothing ran)" : ""));
        }
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
            try {
                runLock.close();
            } catch (SQLException e) {
                // the lock goes with the session either way
            }
            runLock = null;
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
        // transactions, and the driver keeps the statement prepared on the session (its text depends on the count only).
        StringBuilder sql = new StringBuilder("SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true),"
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
        if (verified == null) {
            throw new IllegalStateException("Refusing to write to " + spec.masked()
                    + ": the target has not been verified yet (the preflight target check must pass first).");
        }
        if (confirmation != null && !confirmation.filter(verified.database()::equals).isPresent()) {
            // The name to type is not printed as a ready -Dconfirm= value: copying it from the refusal would defeat the confirmation.
            throw new IllegalStateException("Refusing to write to " + spec.masked() + " on " + spec.environment() + ": confirm by typing, as"
                    + " -Dconfirm=<database>, the name of the database you mean to change" + confirmation.map(c -> " (-Dconfirm=" + c
                    + " does not match it)").orElse("") + ".");
        }
        for (var guard : writeGuards) {
            guard.get().ifPresent(refusal -> {
                throw new IllegalStateException(refusal);
            });
        }
        holdRunLock();
        requireWritable();
    }

    private boolean writable;

    /** A standby or a read-only database shares the primary's system_identifier: refused in one sentence before the first write. */
    private synchronized void requireWritable() {
        if (writable) {
            return;
        }
        try (Connection c = Connections.open(spec); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new IllegalStateException("Refusing to write to " + spec.masked() + ": it is a standby (pg_is_in_recovery() is true), a"
                        + " read-only copy of the primary; point the " + spec.environment() + " host at the primary.");
            }
            if ("on".equals(rs.getString(2))) {
                throw new IllegalStateException("Refusing to write to " + spec.masked() + ": its sessions are read-only (default_transaction_read_only"
                        + " is on for this database or user); a DBA lifts it (ALTER DATABASE ... SET default_transaction_read_only = off) for the"
                        + " change window.");
            }
            writable = true;
        } catch (SQLException e) {
            throw new SqlFailure("Could not check whether " + spec.masked() + " accepts writes: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /** A check before any write (a promotion record, say): its sentence, when present, refuses the write. */
    public void guardWrites(java.util.function.Supplier<java.util.Optional<String>> guard) {
        writeGuards.add(guard);
    }

    /** Writes need {@code given} (the operator's -Dconfirm) to equal the verified database's name. */
    public synchronized void requireConfirmation(java.util.Optional<String> given) {
        this.confirmation = given.map(String::trim).filter(c -> !c.isEmpty());
    }

    /**
     * Before its first write, a run takes a session advisory lock keyed by {@code runbook} on this database and
     * keeps it until {@link #close()}; a second run waits up to {@code wait}, then stops with one sentence
     * naming the holder (application name, client, since when).
     */
    public synchronized void serializeRuns(String runbook, Duration wait) {
        if (!runbook.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("A run lock key is a runbook id, not '" + runbook + "'");
        }
        this.runLockKey = runbook;
        this.runLockWait = wait;
    }

    private synchronized void holdRunLock() {
        if (runLockKey == null || runLock != null) {
            return;
        }
        Connection c = Connections.open(spec);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + Math.max(1, runLockWait.toMillis()));
            s.execute("SELECT pg_advisory_lock(" + RUN_LOCK_CLASS + ", hashtext('" + runLockKey + "'))");
            s.execute("SET lock_timeout = 0");
            runLock = c;
            LOG.debug("run lock {} taken on {}", runLockKey, spec.masked());
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // gone either way
            }
            if ("55P03".equals(e.getSQLState())) {
                throw new IllegalStateException("Another run of the " + runLockKey + " runbook holds its lock on " + spec.masked() + ": "
                        + runLockHolder() + "; waited " + runLockWait + ". Let that run finish (or stop it), then run again.");
            }
            throw new SqlFailure("The run lock on " + spec.masked() + " could not be taken: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    private String runLockHolder() {
        Rows holder = read("run lock holder", "SELECT a.pid, coalesce(nullif(a.application_name, ''), '(no application name)') AS application,"
                + " coalesce(host(a.client_addr), 'local socket') AS client, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' AS since"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = (hashtext(?)::bigint & 4294967295)"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())", RUN_LOCK_CLASS, runLockKey);
        return holder.isEmpty() ? "a session that has since let go" : holder.single("application") + " from " + holder.single("client") + ", connected since "
                + holder.single("since") + " (pid " + holder.single("pid") + ")";
    }

    private RuntimeException failed(SqlFile file, SQLException e) {
        LOG.debug("{} failed", file, e);
        String first = String.valueOf(e.getMessage()).replace('\n', ' ');
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (isConnectionLost(e)) {
            return new SqlFailure("The server of " + spec.masked() + " went away while " + file + " ran (" + first + "): what was committed"
                    + " before stays, the statement in flight was rolled back; when the server is back, re-run: the runbook reads the"
                    + " target's state and continues from it.", e);
        }
        if (state.equals("57014")) {
            return new SqlFailure(file + " ran longer than the statement timeout (check.statement_timeout " + timeouts.check()
                    + ", write.statement_timeout " + timeouts.write() + " in environments/" + spec.environment() + ".properties) and was"
                    + " cancelled: raise the setting if the target is that large, or find what slowed it (" + first + ").", e);
        }
        if (state.equals("55P03")) {
            return new SqlFailure(file + " waited longer than lock_timeout " + timeouts.lock() + " (environments/" + spec.environment()
                    + ".properties) for a lock and stopped, changing nothing; " + lockHolders() + ". Re-run when that session is done,"
                    + " or raise lock_timeout.", e);
        }
        return new SqlFailure(file + " failed: " + first, e);
    }

    /** A lost connection: the server restarted, shut down, or the network dropped (SQL state class 08, 57P01-57P03). */
    public static boolean isConnectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /** Who holds locks on this database's tables now (application name, pid, since), for a lock-wait sentence. */
    public String lockHolders() {
        try {
            Rows holders = read("lock holders", "SELECT a.pid, coalesce(nullif(a.application_name, ''), '(no application_name)') AS app,"
                    + " coalesce(a.client_addr::text, 'local') AS client, to_char(coalesce(a.xact_start, a.backend_start), 'YYYY-MM-DD HH24:MI:SS TZ') AS since,"
                    + " string_agg(DISTINCT l.mode || ' on ' || l.relation::regclass::text, ', ') AS locks"
                    + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND l.pid <> pg_backend_pid() AND l.relation::regclass::text NOT LIKE 'pg\\_%'"
                    + " GROUP BY a.pid, a.application_name, a.client_addr, a.xact_start, a.backend_start ORDER BY since LIMIT 5");
            if (holders.isEmpty()) {
                return "no session holds a table lock now";
            }
            java.util.List<String> who = new java.util.ArrayList<>();
            for (int i = 0; i < holders.size(); i++) {
                who.add("pid " + holders.get(i, "pid") + " (" + holders.get(i, "app") + ", " + holders.get(i, "client") + ", since "
                        + holders.get(i, "since") + ") holds " + holders.get(i, "locks"));
            }
            return "the blocking session: " + String.join("; ", who);
        } catch (RuntimeException unreadable) {
            return "the sessions holding locks could not be read";
        }
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
