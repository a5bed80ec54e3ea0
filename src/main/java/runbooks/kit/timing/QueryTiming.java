package runbooks.kit.timing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import runbooks.kit.database.Results;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * A query's time as the document states a threshold for it: run a few times untimed, then {@code runs} times timed on
 * one session (each with its parameters as custom settings, rolled back when it writes), the median, p95 and max
 * reported; then its plan ({@code EXPLAIN (ANALYZE, BUFFERS)}), its query identifier (to find it in
 * pg_stat_statements) and the indexes its plan uses, and could use with sequential scans disabled. A benchmark of the
 * target, not a timed unit test: the thresholds are the document's, on the target's data.
 */
public final class QueryTiming {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNTIMED = 3;

    /** What one query measured. */
    public record Measured(
            String what,
            double medianMs,
            double p95Ms,
            double maxMs,
            int runs,
            String plan,
            Optional<Long> queryId,
            List<String> indexesUsed,
            List<String> indexesUsable) {

        public String line(long thresholdMs) {
            return String.format(
                    "%-30s median %8.2f ms  p95 %8.2f ms  max %8.2f ms  threshold < %d ms",
                    what, medianMs, p95Ms, maxMs, thresholdMs);
        }
    }

    private QueryTiming() {}

    /** Sets the session up for timings: the target's check timeout, UTC. */
    public static void settle(Target target, Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + target.timeouts().check().toMillis());
            s.execute("SET TimeZone = 'UTC'");
        }
        c.commit();
    }

    /** Times {@code file} on {@code c} (autocommit off), {@code parameters.apply(i)} for run i. */
    public static Measured measure(
            Connection c,
            String what,
            SqlFile file,
            IntFunction<Map<String, String>> parameters,
            int runs,
            boolean rollBack)
            throws SQLException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs + UNTIMED; i++) {
            set(c, parameters.apply(i));
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                Results.last(file.name(), s, file.text());
            }
            double took = Duration.ofNanos(System.nanoTime() - t0).toNanos() / 1e6;
            if (rollBack) {
                c.rollback();
            }
            if (i >= UNTIMED) {
                ms.add(took);
            }
        }
        ms.sort(Double::compare);
        String query = file.text().lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
        set(c, parameters.apply(0));
        String plan;
        try (Statement s = c.createStatement()) {
            plan = String.join(
                    "\n",
                    Results.last(file.name(), s, "EXPLAIN (ANALYZE, BUFFERS) " + query)
                            .column("QUERY PLAN"));
        } finally {
            c.rollback();
        }
        Optional<Long> id;
        try (Statement s = c.createStatement()) {
            set(c, parameters.apply(0));
            JsonNode node = JSON.readTree(Results.last(file.name(), s, "EXPLAIN (VERBOSE, FORMAT JSON) " + query)
                            .values()
                            .get(0)
                            .get(0))
                    .get(0)
                    .get("Query Identifier");
            id = Optional.ofNullable(node).map(JsonNode::asLong);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN (FORMAT JSON) returned what is not JSON: " + e.getMessage(), e);
        } finally {
            c.rollback();
        }
        set(c, parameters.apply(0));
        List<String> usable = indexesIn(c, "SET LOCAL enable_seqscan = off", query);
        set(c, parameters.apply(0));
        List<String> used = indexesIn(c, null, query);
        return new Measured(
                what,
                ms.get((ms.size() - 1) / 2),
                ms.get((int) Math.ceil(0.95 * ms.size()) - 1),
                ms.get(ms.size() - 1),
                runs,
                plan,
                id,
                used,
                usable);
    }

    /** PostgreSQL 15+ flushes this session's statistics when it next goes idle: the counters are in place for the next step. */
    public static void flushStatistics(Connection c) throws SQLException {
        c.setReadOnly(false);
        try (Statement s = c.createStatement()) {
            s.execute(
                    "SELECT CASE WHEN current_setting('server_version_num')::int >= 150000 THEN pg_stat_force_next_flush() END");
        } catch (SQLException e) {
            // older servers: the statistics collector sends them within about half a second; the next step waits for
            // them
        }
        c.commit();
    }

    private static List<String> indexesIn(Connection c, String setting, String query) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (setting != null) {
                s.execute(setting);
            }
            String json = Results.last("plan", s, "EXPLAIN (FORMAT JSON) " + query)
                    .values()
                    .get(0)
                    .get(0);
            List<String> names = new ArrayList<>();
            JSON.readTree(json).findValues("Index Name").forEach(n -> names.add(n.asText()));
            return names;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN (FORMAT JSON) returned what is not JSON: " + e.getMessage(), e);
        } finally {
            c.rollback();
        }
    }

    private static void set(Connection c, Map<String, String> settings) throws SQLException {
        for (var e : settings.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.execute();
            }
        }
    }
}
