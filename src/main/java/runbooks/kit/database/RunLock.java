package runbooks.kit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.data.Rows;

/**
 * One run of a runbook at a time on a database: before its first write a run takes a session advisory lock keyed by the
 * runbook on that database and keeps it until the target closes; a second run waits up to its wait, then stops with
 * one sentence naming the holder (application name, client, since when).
 */
final class RunLock {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    static final int CLASS = 0x52554E42;

    private final Sessions sessions;
    private final SqlFailures failures;
    private final String key;
    private final Duration wait;
    private Connection session;

    RunLock(Sessions sessions, SqlFailures failures, String runbook, Duration wait) {
        if (!runbook.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("A run lock key is a runbook id, not '" + runbook + "'");
        }
        this.sessions = sessions;
        this.failures = failures;
        this.key = runbook;
        this.wait = wait;
    }

    synchronized void hold() {
        if (session != null) {
            return;
        }
        ConnectionSpec spec = sessions.spec();
        Connection c = Connections.open(spec);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
            s.execute("SELECT pg_advisory_lock(" + CLASS + ", hashtext('" + key + "'))");
            s.execute("SET lock_timeout = 0");
            session = c;
            LOG.debug("run lock {} taken on {}", key, spec.masked());
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // gone either way
            }
            if ("55P03".equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "Another run of the " + key + " runbook holds its lock on " + spec.masked() + ": " + holder()
                                + "; waited " + wait + ". Let that run finish (or stop it), then run again.");
            }
            throw new SqlFailure(
                    "The run lock on " + spec.masked() + " could not be taken: "
                            + e.getMessage().replace('\n', ' '),
                    e);
        }
    }

    synchronized void release() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // the lock goes with the session either way
            }
            session = null;
        }
    }

    private String holder() {
        Rows holder;
        try {
            holder = sessions.read(
                    "run lock holder",
                    "SELECT a.pid, coalesce(nullif(a.application_name, ''), '(no application name)') AS application,"
                            + " coalesce(host(a.client_addr), 'local socket') AS client, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' AS since"
                            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                            + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = (hashtext(?)::bigint & 4294967295)"
                            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                    CLASS,
                    key);
        } catch (SQLException e) {
            throw failures.readFailed("run lock holder", e);
        }
        return holder.isEmpty()
                ? "a session that has since let go"
                : holder.single("application") + " from " + holder.single("client") + ", connected since "
                        + holder.single("since") + " (pid " + holder.single("pid") + ")";
    }
}
