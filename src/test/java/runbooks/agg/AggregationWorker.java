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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;

/**
 * The aggregation worker ("cron") both aggregation runbooks monitor: every tick it claims the due tasks
 * ({@code agg_get_due_tasks}), runs {@code catchup_aggregation_range} for each, and records the outcome
 * ({@code agg_finish}), which keeps status, last_successful_at_utc, total_runs, total_bars_created,
 * hard_fail_streak and last_error.
 *
 * <p>On env=local the suite runs it on a compressed schedule: tasks count as due {@code dueLookahead}
 * early (a 5-minute task runs at every tick). On staging the suite only observes the team's own worker.
 */
final class AggregationWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AggregationWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task run, as the report shows it. */
    record Run(Instant at, String task, int windows, int bars, String cursor, String reason, String error, long millis) {
        @Override
        public String toString() {
            return at + "  " + task + ": " + (error == null ? windows + " windows, " + bars + " bars, cursor " + cursor + " (" + reason + ")"
                    : "FAILED: " + error) + ", " + millis + " ms";
        }
    }

    private final ConnectionSpec database;
    private final String env;
    private final Duration dueLookahead;
    private final int maxWindows;
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aggregation-worker");
        t.setDaemon(true);
        return t;
    });

    AggregationWorker(ConnectionSpec database, String env, Duration dueLookahead, int maxWindows) {
        this.database = database;
        this.env = env;
        this.dueLookahead = dueLookahead;
        this.maxWindows = maxWindows;
    }

    AggregationWorker start(Duration tick) {
        LOG.info("[worker] started: env {}, tick {}, tasks due {} early, at most {} windows a run", env, tick, dueLookahead, maxWindows);
        scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
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

    private void tick() {
        try (Connection c = Connections.open(database)) {
            c.setAutoCommit(true);
            for (String[] task : dueTasks(c)) {
                runTask(c, task[0], task[1], task[2]);
            }
        } catch (RuntimeException | SQLException e) {
            LOG.warn("[worker] tick failed: {}", e.getMessage());
        }
    }

    private List<String[]> dueTasks(Connection c) throws SQLException {
        List<String[]> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT canonical_symbol, timeframe, last_agg_bar_ts_utc::text FROM agg_get_due_tasks(?, ?, 50, 50)")) {
            ps.setString(1, env);
            ps.setTimestamp(2, Timestamp.from(Instant.now().plus(dueLookahead)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return due;
    }

    private void runTask(Connection c, String symbol, String timeframe, String cursor) throws SQLException {
        long t0 = System.nanoTime();
        Instant at = Instant.now();
        try {
            JsonNode result;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT catchup_aggregation_range(?, ?, ?::timestamptz, ?, now(), 1, false)::text")) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe);
                ps.setString(3, cursor);
                ps.setInt(4, maxWindows);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    result = JSON.readTree(rs.getString(1));
                }
            }
            int bars = result.path("bars_created").asInt();
            finish(c, symbol, timeframe, true, bars, null);
            runs.add(new Run(at, symbol + " " + timeframe, result.path("windows_processed").asInt(), bars,
                    result.path("cursor_advanced_to").asText(), result.path("reason").asText(null), null, (System.nanoTime() - t0) / 1_000_000));
        } catch (SQLException | java.io.IOException e) {
            String error = String.valueOf(e.getMessage()).split("\n")[0];
            finish(c, symbol, timeframe, false, 0, error);
            runs.add(new Run(at, symbol + " " + timeframe, 0, 0, cursor, null, error, (System.nanoTime() - t0) / 1_000_000));
        }
    }

    private static void finish(Connection c, String symbol, String timeframe, boolean success, int bars, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT agg_finish(?, ?, ?, ?, ?, now())")) {
            ps.setString(1, symbol);
            ps.setString(2, timeframe);
            ps.setBoolean(3, success);
            ps.setInt(4, bars);
            ps.setString(5, error);
            ps.execute();
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[worker] stopped: {}", summary());
    }
}
