package runbooks.kit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import runbooks.kit.data.Rows;
import runbooks.kit.sql.SqlFile;

/**
 * A target whose identity {@link Target#verify()} has proved: the only way to write to it. It is made nowhere else, so a
 * write cannot be reached past the proof; each write is still checked when it runs (the operator's confirmation, the
 * run's guards, the run lock), and a later failed verification refuses the writes of an earlier one.
 */
public final class VerifiedTarget {

    private final TargetIdentity identity;
    private final ConnectionSpec spec;
    private final Timeouts timeouts;
    private final Sessions sessions;
    private final WritePermit permit;
    private final SqlFileRuns files;

    VerifiedTarget(
            TargetIdentity identity,
            ConnectionSpec spec,
            Timeouts timeouts,
            Sessions sessions,
            WritePermit permit,
            SqlFileRuns files) {
        this.identity = identity;
        this.spec = spec;
        this.timeouts = timeouts;
        this.sessions = sessions;
        this.permit = permit;
        this.files = files;
    }

    /** What the verification found: the database, its server and its system identifier. */
    public TargetIdentity identity() {
        return identity;
    }

    /**
     * A writing session that stays open (a stand-in's worker), refused until verified; the caller closes
     * it. It follows the simulated clock only as of now: re-apply the clock after advancing it.
     */
    public Connection session() throws SQLException {
        return permit.openForWrite();
    }

    /**
     * Before a program outside this JVM writes to the target (psql restoring a backup): the same checks as
     * every write of the suite's own (verified, confirmed, guards passed, run lock held).
     */
    public void beforeExternalWrite() {
        permit.check();
    }

    /** A data source for tools that write (Flyway). Refused until {@link #verify()} passed. */
    public DataSource writableDataSource() {
        permit.check();
        return spec.dataSource();
    }

    /** Runs a writing SQL file in one transaction, attaching it; returns the rows of its last statement. */
    public Rows execute(SqlFile file, Map<String, String> settings) {
        return files.execute(file, settings);
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
        return files.script(file, settings);
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
        return files.psql(file, settings);
    }

    /**
     * Runs a file that calls functions with side effects (claiming tasks, moving a cursor) to see what
     * they answer, in a transaction that is always rolled back: nothing it does stays.
     */
    public Rows trial(SqlFile file, Map<String, String> settings) {
        return files.trial(file, settings);
    }

    public Rows trial(SqlFile file) {
        return trial(file, Map.of());
    }

    /** One writing connection for many transactions (a backfill's chunks), refused until verified. */
    public <T> T writing(SqlWork<T> work) throws SQLException {
        try (Connection c = permit.openForWrite()) {
            c.setAutoCommit(false);
            return work.run(c);
        }
    }

    /** One transaction on a connection from {@link #writing}, with settings and timeouts; rolled back on error. */
    public <T> T transaction(Connection c, Map<String, String> settings, SqlWork<T> work) throws SQLException {
        try {
            sessions.apply(c, settings, timeouts.write());
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }
}
