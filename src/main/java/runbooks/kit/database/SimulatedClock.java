package runbooks.kit.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time for a local stand-in the suite runs itself. Every session a {@link Target} opens while
 * it uses this clock puts {@value #SCHEMA} before pg_catalog in its search_path and sets
 * {@value #SETTING}, so {@code now()} in the runbooks' unchanged SQL answers this clock (see
 * {@code sql/kit/simulated_clock.sql}, which must be installed in the database first).
 *
 * <p>Time moves only when the suite says so ({@link #advance}): no race with the wall clock, the same
 * result on an idle laptop and on a busy CI machine. Staging and production never use it.
 */
public final class SimulatedClock {

    /** The schema holding {@code now()}; created by {@code sql/kit/simulated_clock.sql}. */
    public static final String SCHEMA = "runbook_clock";
    /** The custom setting {@code runbook_clock.now()} answers. */
    public static final String SETTING = "runbook.now";
    /** New objects still go to public; now() is found in runbook_clock before pg_catalog. */
    static final String SEARCH_PATH = "public, " + SCHEMA + ", pg_catalog";

    private volatile Instant now;

    public SimulatedClock(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    public synchronized Instant advance(Duration step) {
        now = now.plus(step);
        return now;
    }

    /** Points a session at this clock (again after {@link #advance}, for a session that stays open). */
    public void applyTo(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT set_config('search_path', ?, false), set_config(?, ?, false)")) {
            ps.setString(1, SEARCH_PATH);
            ps.setString(2, SETTING);
            ps.setString(3, now.toString());
            ps.execute();
        }
    }

    @Override
    public String toString() {
        return "simulated clock at " + now;
    }
}
