package runbooks.kit.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What PostgreSQL says a statement did, in the rehearsal database: the command tags of the DDL it ran
 * (an event trigger, {@code command_log.sql}), the TRUNCATEs (a trigger on every existing table), and,
 * for data changes, the plan of the statement ({@code EXPLAIN}, before it runs) with whether anything in
 * it narrows the rows changed. No SQL is parsed here.
 */
final class CommandLog {

    /** One logged command: its tag ({@code CREATE TABLE}, {@code GRANT}, {@code TRUNCATE}…) and the relations it touched. */
    record Command(String tag, Set<Long> relations) {}

    /** A data change planned by EXPLAIN: operation, target relation ({@code schema.name}), whether a condition narrows its rows. */
    record DataChange(String operation, String relation, boolean narrowed) {}

    /** Statements worth an EXPLAIN: only data changes have a plan with a ModifyTable node. */
    private static final Pattern MAY_CHANGE_DATA = Pattern.compile("(?is)^\\s*(WITH|INSERT|UPDATE|DELETE|MERGE)\\b.*");
    /** Plan keys that restrict which rows a node returns. */
    private static final List<String> CONDITIONS = List.of(
            "Filter",
            "Index Cond",
            "Recheck Cond",
            "Join Filter",
            "Hash Cond",
            "Merge Cond",
            "TID Cond",
            "One-Time Filter");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandLog() {}

    /** Installs the log in the rehearsal database; needs a superuser (event triggers), which the local cluster has. */
    static void install(Connection c) throws SQLException {
        try (InputStream in = CommandLog.class.getResourceAsStream("command_log.sql");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS runbook_gate CASCADE; DROP EVENT TRIGGER IF EXISTS runbook_gate_ddl");
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            s.execute("DELETE FROM runbook_gate.commands");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commands logged since the last call, oldest first; the log is emptied. */
    static List<Command> drain(Connection c) throws SQLException {
        List<Command> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "WITH d AS (DELETE FROM runbook_gate.commands RETURNING *) SELECT tag, relations FROM d ORDER BY seq")) {
            while (rs.next()) {
                Set<Long> relations = new HashSet<>();
                Array a = rs.getArray("relations");
                for (Object oid : (Object[]) a.getArray()) {
                    relations.add(((Number) oid).longValue());
                }
                out.add(new Command(rs.getString("tag"), relations));
            }
        }
        return out;
    }

    /**
     * The data changes {@code sql} would make, from its plan, or empty when it is no data change (or cannot
     * be explained). Inside a transaction the EXPLAIN runs under a savepoint, so a failure leaves it intact.
     */
    static List<DataChange> explain(Connection c, String sql, boolean inTransaction) throws SQLException {
        if (!MAY_CHANGE_DATA.matcher(sql).matches()) {
            return List.of();
        }
        try (Statement s = c.createStatement()) {
            if (inTransaction) {
                s.execute("SAVEPOINT runbook_gate_explain");
            }
            String plan;
            try (ResultSet rs = s.executeQuery(
                    "EXPLAIN (VERBOSE, FORMAT JSON) " + sql.strip().replaceFirst(";\\s*$", ""))) {
                rs.next();
                plan = rs.getString(1);
            } catch (SQLException e) {
                if (inTransaction) {
                    s.execute("ROLLBACK TO SAVEPOINT runbook_gate_explain");
                }
                return List.of();
            }
            if (inTransaction) {
                s.execute("RELEASE SAVEPOINT runbook_gate_explain");
            }
            List<DataChange> changes = new ArrayList<>();
            collect(JSON.readTree(plan).path(0).path("Plan"), changes);
            return changes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code sql}, an UPDATE of {@code table}, sets no column but {@code columns}. PostgreSQL checks column
     * privileges when a plan starts, EXPLAIN included, so it is explained as a role that may read everything and update
     * only those columns: permission denied means it sets another one. Nothing stays (one savepoint, rolled back: the
     * role too); on an empty rehearsal table it answers as on a full one.
     */
    static boolean updatesOnly(Connection c, String sql, String table, java.util.Collection<String> columns)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SAVEPOINT runbook_gate_columns");
            try {
                s.execute("CREATE ROLE runbook_gate_probe NOLOGIN");
                s.execute("GRANT USAGE ON SCHEMA " + table.substring(0, table.indexOf('.')) + " TO runbook_gate_probe");
                s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + table.substring(0, table.indexOf('.'))
                        + " TO runbook_gate_probe");
                s.execute("GRANT UPDATE ("
                        + columns.stream()
                                .map(col -> "\"" + col.replace("\"", "\"\"") + "\"")
                                .collect(java.util.stream.Collectors.joining(", "))
                        + ") ON " + table + " TO runbook_gate_probe");
                s.execute("SET LOCAL ROLE runbook_gate_probe");
                s.execute("EXPLAIN " + sql.strip().replaceFirst(";\\s*$", ""));
                return true;
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                s.execute("ROLLBACK TO SAVEPOINT runbook_gate_columns");
                s.execute("RELEASE SAVEPOINT runbook_gate_columns");
            }
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    private static void collect(JsonNode node, List<DataChange> out) {
        if ("ModifyTable".equals(node.path("Node Type").asText())) {
            boolean narrowed = false;
            for (JsonNode child : node.path("Plans")) {
                narrowed |= hasCondition(child);
            }
            out.add(new DataChange(
                    node.path("Operation").asText(),
                    node.path("Schema").asText() + "."
                            + node.path("Relation Name").asText(),
                    narrowed));
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }

    private static boolean hasCondition(JsonNode node) {
        if (CONDITIONS.stream().anyMatch(node::has)) {
            return true;
        }
        for (JsonNode child : node.path("Plans")) {
            if (hasCondition(child)) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> onlyEnumLabelsAdded(Set<String> before, Set<String> after) {
        Set<String> removed = new HashSet<>(before);
        removed.removeAll(after);
        if (!removed.isEmpty()) {
            return Optional.of(
                    "enum labels removed or renamed: " + String.join(", ", new java.util.TreeSet<>(removed)));
        }
        return after.size() > before.size() ? Optional.empty() : Optional.of("no enum label added");
    }
}
