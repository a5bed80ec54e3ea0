package runbooks.kit.database;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.data.Rows;
import runbooks.kit.sql.SqlFile;

/**
 * One sentence for what PostgreSQL refused: the server gone (what stays, re-run to continue), a statement timeout (the
 * limit and the setting), a lock wait (lock_timeout and the session holding the lock), or the server's own message.
 */
public final class SqlFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);

    private final Sessions sessions;

    /** The sentences for the target that {@code sessions} reach. */
    SqlFailures(Sessions sessions) {
        this.sessions = sessions;
    }

    RuntimeException failed(SqlFile file, SQLException e) {
        LOG.debug("{} failed", file, e);
        ConnectionSpec spec = sessions.spec();
        Timeouts timeouts = sessions.timeouts();
        String first =
                runbooks.kit.env.Secrets.mask(String.valueOf(e.getMessage())).replace('\n', ' ');
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (isConnectionLost(e)) {
            return new SqlFailure(
                    "The server of " + spec.masked() + " went away while " + file + " ran (" + first
                            + "): what was committed"
                            + " before stays, the statement in flight was rolled back; when the server is back, re-run: the runbook reads the"
                            + " target's state and continues from it.",
                    e);
        }
        if (state.equals("57014")) {
            return new SqlFailure(
                    file + " ran longer than the statement timeout (check.statement_timeout " + timeouts.check()
                            + ", write.statement_timeout " + timeouts.write() + " in environments/" + spec.environment()
                            + ".properties) and was"
                            + " cancelled: raise the setting if the target is that large, or find what slowed it ("
                            + first + ").",
                    e);
        }
        if (state.equals("55P03")) {
            return new SqlFailure(
                    file + " waited longer than lock_timeout " + timeouts.lock() + " (environments/"
                            + spec.environment()
                            + ".properties) for a lock and stopped, changing nothing; " + lockHolders()
                            + ". Re-run when that session is done,"
                            + " or raise lock_timeout.",
                    e);
        }
        return new SqlFailure(file + " failed: " + first, e);
    }

    /**
     * A read-only check PostgreSQL refused ({@code source} names it, e.g. {@code \\d public.orders}): a statement timeout
     * says the limit and the setting ({@code check.statement_timeout}), a lock wait says lock_timeout and who holds the
     * lock; anything else is the server's message.
     */
    RuntimeException readFailed(String source, SQLException e) {
        ConnectionSpec spec = sessions.spec();
        String first =
                runbooks.kit.env.Secrets.mask(String.valueOf(e.getMessage())).replace('\n', ' ');
        if ("57014".equals(e.getSQLState())) {
            return new SqlFailure(
                    source + " on " + spec.masked() + " ran longer than check.statement_timeout "
                            + sessions.timeouts().check() + " (environments/" + spec.environment()
                            + ".properties) and was cancelled: raise the setting if the target is that large, or find"
                            + " what slowed it (" + first + ").",
                    e);
        }
        if ("55P03".equals(e.getSQLState())) {
            return new SqlFailure(
                    source + " on " + spec.masked() + " waited longer than lock_timeout "
                            + sessions.timeouts().lock()
                            + " (environments/" + spec.environment() + ".properties) for a lock and stopped; "
                            + lockHolders() + ". Re-run when that session is done, or raise lock_timeout.",
                    e);
        }
        return new SqlFailure(source + " failed on " + spec.masked() + ": " + first, e);
    }

    public static boolean isConnectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /** Who holds table locks in the target's database now, for a lock wait's sentence ({@link Target#lockHolders}). */
    String lockHolders() {
        try {
            Rows holders = sessions.read(
                    "lock holders",
                    "SELECT a.pid, coalesce(nullif(a.application_name, ''), '(no application_name)') AS app,"
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
            for (Rows.Row h : holders) {
                who.add("pid " + h.get("pid") + " (" + h.get("app") + ", " + h.get("client") + ", since "
                        + h.get("since") + ") holds " + h.get("locks"));
            }
            return "the blocking session: " + String.join("; ", who);
        } catch (SQLException | RuntimeException unreadable) {
            return "the sessions holding locks could not be read";
        }
    }
}
