package runbooks.kit.database;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import runbooks.kit.data.Rows;
import runbooks.kit.sql.SqlFile;

/**
 * The database a runbook deploys to. Reads are always allowed and run read-only with a statement
 * timeout; writes go through the {@link VerifiedTarget} that {@link #verify()} returns once it has proved the
 * connection reached the database the environment expects: there is no other way to one.
 */
public final class Target implements AutoCloseable {

    private final ConnectionSpec spec;
    private final Expectation expected;
    private final Timeouts timeouts;
    private final Sessions sessions;
    private final SqlFailures failures;
    /** Checks that must pass before the first write, the verification first; each gives the refusal sentence. */
    private final WritePermit permit;

    private final SqlFileRuns files;

    public Target(ConnectionSpec spec, Expectation expected, Timeouts timeouts) {
        this.spec = spec;
        this.expected = expected;
        this.timeouts = timeouts;
        this.sessions = new Sessions(spec, timeouts);
        this.failures = new SqlFailures(sessions);
        this.permit = new WritePermit(sessions);
        this.files = new SqlFileRuns(sessions, permit, failures);
    }

    /**
     * A throwaway database the suite created for itself on the local cluster (a rehearsal, a restored
     * backup): verified at once, with the default timeouts.
     */
    public static Target scratch(ConnectionSpec spec, String what) {
        Target scratch = new Target(
                spec,
                Expectation.database(spec.database(), what),
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
        sessions.useClock(clock);
    }

    public java.util.Optional<SimulatedClock> clock() {
        return sessions.clock();
    }

    /** What time it is for this target's SQL: the simulated clock where one is used, else the real time. */
    public java.time.Instant now() {
        return sessions.now();
    }

    /** What the connection actually reached. Read-only. */
    public TargetIdentity identity() {
        try {
            Rows rows = read(
                    "target identity",
                    "SELECT coalesce(host(inet_server_addr()), '') AS addr, coalesce(inet_server_port(), 0) AS port,"
                            + " current_database() AS db, current_setting('server_version') AS version,"
                            + " (SELECT system_identifier::text FROM pg_control_system()) AS sysid");
            return new TargetIdentity(
                    spec.host(),
                    rows.single("addr"),
                    Integer.parseInt(rows.single("port")),
                    rows.single("db"),
                    rows.single("version"),
                    rows.single("sysid"));
        } catch (SqlFailure e) {
            throw new IllegalStateException(
                    "Could not read the identity of " + spec.masked() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * Proves this is the intended database, before any write, and returns the only way to write to it: a mismatch is
     * one sentence naming what was expected and what was reached. Every write through the result is still checked
     * (confirmation, guards, run lock) when it runs.
     */
    public VerifiedTarget verify() {
        TargetIdentity actual = identity();
        List<String> mismatches = expected.mismatches(actual);
        if (!mismatches.isEmpty()) {
            permit.verified(null);
            throw new SafetyStop("Wrong database targeted, stopping before any write: " + String.join("; ", mismatches)
                    + " (expected per " + expected.source() + ").");
        }
        permit.verified(actual);
        // Taken at the preflight, not at the first write: a second run is told at once who is running, not during its
        // backfill.
        permit.holdRunLock();
        return new VerifiedTarget(actual, spec, timeouts, sessions, permit, files);
    }

    /** The server's {@code server_version_num} (150013 for 15.13): what the gate and the version checks compare with. Read-only. */
    public int serverVersionNum() {
        return Integer.parseInt(read("server version", "SELECT current_setting('server_version_num') AS v")
                .single("v"));
    }

    /** What {@link #verify()} found, once it passed. */
    public java.util.Optional<TargetIdentity> verifiedIdentity() {
        return permit.verified();
    }

    /** Runs a read-only query file with settings, read-only with the check timeout, attaching the SQL and the rows it saw. */
    public Rows query(SqlFile file, Map<String, String> settings) {
        return files.query(file, settings);
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
            return sessions.readingInTransaction(work);
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
            return sessions.read(source, sql, parameters);
        } catch (SQLException e) {
            throw failures.readFailed(source, e);
        }
    }

    /** Closes the reading session and releases the run lock (before the database is copied or dropped). */
    @Override
    public synchronized void close() {
        permit.releaseRunLock();
        sessions.closeReader();
    }

    /**
     * Who holds table locks in this database now (pid, application, client, since when, which locks), for a sentence
     * about a lock wait; what it could not read, it says.
     */
    public String lockHolders() {
        return failures.lockHolders();
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
    public void serializeRuns(String runbook, Duration wait) {
        permit.serializeRuns(new RunLock(sessions, failures, runbook, wait));
    }
}
