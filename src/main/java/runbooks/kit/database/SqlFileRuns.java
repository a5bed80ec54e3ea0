package runbooks.kit.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.SqlFile;

/**
 * How {@link Target} runs a {@code sql/} file: as a check, a write, a rolled-back trial, one simple-query script, or
 * statement by statement as psql does.
 */
final class SqlFileRuns {

    private final Sessions sessions;
    private final WritePermit permit;
    private final SqlFailures failures;

    SqlFileRuns(Sessions sessions, WritePermit permit, SqlFailures failures) {
        this.sessions = sessions;
        this.permit = permit;
        this.failures = failures;
    }

    Rows query(SqlFile file, Map<String, String> settings) {
        Evidence.sql(file.name(), file.withSettings(settings));
        try {
            Rows rows = sessions.readingInTransaction(c -> {
                sessions.apply(c, settings, sessions.timeouts().check());
                try (Statement st = c.createStatement()) {
                    return Results.last(file.toString(), st, file.text());
                }
            });
            Evidence.rows(file.name() + " (rows)", rows);
            return rows;
        } catch (SQLException e) {
            throw failures.failed(file, e);
        } finally {
            if (settings.keySet().stream().anyMatch(k -> k.contains("."))) {
                // A custom setting, once set on a session, reads '' there (not NULL) even after its transaction rolled
                // back: the next check gets a session of its own, as if this one had never run.
                sessions.closeReader();
            }
        }
    }

    Rows execute(SqlFile file, Map<String, String> settings) {
        try (Connection c = permit.openForWrite()) {
            Evidence.sql(file.name(), file.withSettings(settings));
            c.setAutoCommit(false);
            sessions.apply(c, settings, sessions.timeouts().write());
            Rows rows = Results.last(file.toString(), c.createStatement(), file.text());
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw failures.failed(file, e);
        }
    }

    Rows trial(SqlFile file, Map<String, String> settings) {
        try (Connection c = permit.openForWrite()) {
            Evidence.sql(file.name() + " (rolled back)", file.withSettings(settings));
            c.setAutoCommit(false);
            try {
                sessions.apply(c, settings, sessions.timeouts().check());
                Rows rows = Results.last(file.toString(), c.createStatement(), file.text());
                Evidence.rows(file.name() + " (rows)", rows);
                return rows;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failures.failed(file, e);
        }
    }

    List<String> script(SqlFile file, Map<String, String> settings) {
        try (Connection c = permit.openForWrite();
                Statement s = c.createStatement()) {
            Evidence.sql(file.name(), file.withSettings(settings));
            s.execute("SET statement_timeout = " + sessions.timeouts().write().toMillis());
            s.execute("SET lock_timeout = " + sessions.timeouts().lock().toMillis());
            s.execute("SET TimeZone = 'UTC'");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.execute();
                }
            }
            s.clearWarnings();
            List<String> notices = new ArrayList<>();
            try {
                s.execute(file.text());
            } finally {
                for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(w.getMessage());
                }
                Evidence.text(file.name() + " (notices)", notices.isEmpty() ? "(none)" : String.join("\n", notices));
            }
            return notices;
        } catch (SQLException e) {
            throw failures.failed(file, e);
        }
    }

    /** As {@code psql -f} runs it ({@link PsqlFile}): the session set up with the target's timeouts and {@code settings}, the transcript attached. */
    List<Rows> psql(SqlFile file, Map<String, String> settings) {
        List<PsqlFile.Outcome> done = new ArrayList<>();
        Evidence.sql(file.name(), file.withSettings(settings));
        try (Connection c = permit.openForWrite();
                Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + sessions.timeouts().write().toMillis() + "; SET lock_timeout = "
                    + sessions.timeouts().lock().toMillis() + "; SET TimeZone = 'UTC'");
            for (Map.Entry<String, String> e : settings.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.execute();
                }
            }
            PsqlFile.run(c, file, PsqlSplitter.on(sessions.spec()), done);
            return done.stream()
                    .filter(o -> !o.rows().columns().isEmpty())
                    .map(PsqlFile.Outcome::rows)
                    .toList();
        } catch (SQLException e) {
            throw failures.failed(file, e);
        } finally {
            Evidence.text(
                    "psql " + file.name(),
                    done.isEmpty()
                            ? "(nothing ran)"
                            : String.join(
                                    "\n",
                                    done.stream().map(PsqlFile.Outcome::toText).toList()));
        }
    }
}
