package runbooks.kit.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import runbooks.kit.data.Rows;

/**
 * A target's sessions: new ones, each on the simulated clock where one is used, and the one reading session kept for
 * checks (read-only, the check timeout, UTC): a watch that looks every simulated minute must not open a connection a
 * look. A reading session that failed is dropped and the next read opens a new one.
 */
final class Sessions {

    private final ConnectionSpec spec;
    private final Timeouts timeouts;
    private volatile SimulatedClock clock;
    private Connection reader;
    private Instant readerClock;

    Sessions(ConnectionSpec spec, Timeouts timeouts) {
        this.spec = spec;
        this.timeouts = timeouts;
    }

    ConnectionSpec spec() {
        return spec;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    void useClock(SimulatedClock clock) {
        this.clock = clock;
    }

    Optional<SimulatedClock> clock() {
        return Optional.ofNullable(clock);
    }

    Instant now() {
        SimulatedClock c = clock;
        return c == null ? Instant.now() : c.now();
    }

    /** A new session on the target, on the simulated clock where one is used. */
    Connection open() throws SQLException {
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

    /** Runs read-only work on the reading session, opened on first use and kept. */
    synchronized <T> T reading(SqlWork<T> work) throws SQLException {
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
            closeReader();
            throw e;
        }
    }

    /** A short read-only query with bound parameters on the reading session; {@code source} names it in errors. */
    Rows read(String source, String sql, Object... parameters) throws SQLException {
        return reading(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                return Results.last(source, ps);
            }
        });
    }

    /** Read-only work in a transaction of the reading session that is always rolled back. */
    <T> T readingInTransaction(SqlWork<T> work) throws SQLException {
        return reading(c -> {
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    synchronized void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (SQLException e) {
                // gone either way
            }
            reader = null;
        }
    }

    /**
     * The timeouts, UTC and {@code settings} for the transaction open on {@code c}: {@code set_config(name, value, true)}
     * is SET LOCAL. One statement, one round trip: a long backfill opens thousands of transactions, and the driver keeps
     * the statement prepared on the session (its text depends on the count only).
     */
    void apply(Connection c, Map<String, String> settings, Duration statementTimeout) throws SQLException {
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
}
