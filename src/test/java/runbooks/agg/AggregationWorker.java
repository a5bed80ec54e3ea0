package runbooks.agg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The aggregation worker ("cron") both aggregation runbooks monitor. One {@link #cycle}: claim the due
 * tasks ({@code agg_get_due_tasks}), run {@code catchup_aggregation_range} for each, and record the
 * outcome ({@code agg_finish}), which keeps status, last_successful_at_utc, total_runs,
 * total_bars_created, hard_fail_streak and last_error.
 *
 * <p>On env=local the simulated stand-in calls {@link #cycle} at every step of its clock; for the staging
 * stand-in {@link LiveAggregation} calls it on a timer. On a real staging the team's own worker runs.
 */
final class AggregationWorker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task run, as the report shows it; {@code millis} is the wall time the run took. */
    record Run(
            Instant at, String task, int windows, int bars, String cursor, String reason, String error, long millis) {
        @Override
        public String toString() {
            return at + "  " + task + ": "
                    + (error == null
                            ? windows + " windows, " + bars + " bars, cursor " + cursor + " (" + reason + ")"
                            : "FAILED: " + error)
                    + ", " + millis + " ms";
        }
    }

    private final String env;
    private final Duration dueLookahead;
    private final int maxWindows;
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    /** @param dueLookahead tasks count as due this early (the live stand-in's compressed schedule; zero when simulated) */
    AggregationWorker(String env, Duration dueLookahead, int maxWindows) {
        this.env = env;
        this.dueLookahead = dueLookahead;
        this.maxWindows = maxWindows;
    }

    List<Run> runs() {
        return List.copyOf(runs);
    }

    /** One line for progress output: runs, bars and failures so far. */
    String summary() {
        List<Run> all = runs();
        return all.size() + " runs, " + all.stream().mapToInt(Run::bars).sum() + " bars, "
                + all.stream().filter(r -> r.error() != null).count() + " failed";
    }

    /** One run of the cron at {@code now}, on session {@code c} (autocommit: each call its own transaction). */
    void cycle(Connection c, Instant now) throws SQLException {
        c.setAutoCommit(true);
        for (String[] task : dueTasks(c, now)) {
            runTask(c, task[0], task[1], task[2], now);
        }
    }

    private List<String[]> dueTasks(Connection c, Instant now) throws SQLException {
        List<String[]> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT canonical_symbol, timeframe, last_agg_bar_ts_utc::text FROM agg_get_due_tasks(?, ?, 50, 50) ORDER BY 1, 2")) {
            ps.setString(1, env);
            ps.setTimestamp(2, Timestamp.from(now.plus(dueLookahead)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return due;
    }

    private void runTask(Connection c, String symbol, String timeframe, String cursor, Instant now)
            throws SQLException {
        long t0 = System.nanoTime();
        try {
            JsonNode result;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT catchup_aggregation_range(?, ?, ?::timestamptz, ?, ?, 1, false)::text")) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe);
                ps.setString(3, cursor);
                ps.setInt(4, maxWindows);
                ps.setTimestamp(5, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    result = JSON.readTree(rs.getString(1));
                }
            }
            int bars = result.path("bars_created").asInt();
            finish(c, symbol, timeframe, true, bars, null, now);
            runs.add(new Run(
                    now,
                    symbol + " " + timeframe,
                    result.path("windows_processed").asInt(),
                    bars,
                    result.path("cursor_advanced_to").asText(),
                    result.path("reason").asText(null),
                    null,
                    (System.nanoTime() - t0) / 1_000_000));
        } catch (SQLException | java.io.IOException e) {
            String error = String.valueOf(e.getMessage()).split("\n")[0];
            finish(c, symbol, timeframe, false, 0, error, now);
            runs.add(new Run(
                    now, symbol + " " + timeframe, 0, 0, cursor, null, error, (System.nanoTime() - t0) / 1_000_000));
        }
    }

    private static void finish(
            Connection c, String symbol, String timeframe, boolean success, int bars, String error, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT agg_finish(?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            ps.setBoolean(3, success);
            ps.setInt(4, bars);
            ps.setString(5, error);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.execute();
        }
    }
}
