package runbooks.kit.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The parts of pg_catalog the gate compares before and after each statement. */
record CatalogSnapshot(
        Map<Long, Relation> relations,
        Map<String, Column> columns,
        Map<Long, Constraint> constraints,
        Map<Long, Set<String>> indexColumns,
        Set<String> enumLabels,
        Set<String> schemas) {

    record Relation(long oid, String name, String kind, long filenode, long tableOid, boolean unique) {
        boolean isTable() {
            return kind.equals("r") || kind.equals("p");
        }

        boolean isIndex() {
            return kind.equals("i") || kind.equals("I");
        }
    }

    record Column(
            long relOid, int attnum, String name, String type, boolean notNull, boolean dropped, String defaultExpr) {
        String key() {
            return relOid + ":" + attnum;
        }
    }

    record Constraint(
            long oid,
            long relOid,
            String name,
            String kind,
            boolean validated,
            long indexOid,
            String columns,
            String definition) {}

    /** A relation lock held by the session, with the timeouts in force. */
    record Lock(long relOid, String mode) {}

    record Locks(Set<Lock> held, String lockTimeout, String statementTimeout) {}

    private static final Map<String, String> QUERIES = new HashMap<>();

    static CatalogSnapshot take(Connection c) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<String, Column> columns = new HashMap<>();
        Map<Long, Constraint> constraints = new HashMap<>();
        Map<Long, Set<String>> indexColumns = new HashMap<>();
        Set<String> enumLabels = new HashSet<>();
        Set<String> schemas = new HashSet<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(query("relations"))) {
                while (rs.next()) {
                    relations.put(
                            rs.getLong("oid"),
                            new Relation(
                                    rs.getLong("oid"),
                                    rs.getString("name"),
                                    rs.getString("kind"),
                                    rs.getLong("relfilenode"),
                                    rs.getLong("table_oid"),
                                    rs.getBoolean("is_unique")));
                }
            }
            try (ResultSet rs = s.executeQuery(query("columns"))) {
                while (rs.next()) {
                    Column col = new Column(
                            rs.getLong("rel_oid"),
                            rs.getInt("attnum"),
                            rs.getString("name"),
                            rs.getString("type"),
                            rs.getBoolean("not_null"),
                            rs.getBoolean("dropped"),
                            rs.getString("default_expr"));
                    columns.put(col.key(), col);
                }
            }
            try (ResultSet rs = s.executeQuery(query("constraints"))) {
                while (rs.next()) {
                    constraints.put(
                            rs.getLong("oid"),
                            new Constraint(
                                    rs.getLong("oid"),
                                    rs.getLong("rel_oid"),
                                    rs.getString("name"),
                                    rs.getString("kind"),
                                    rs.getBoolean("validated"),
                                    rs.getLong("index_oid"),
                                    rs.getString("columns"),
                                    rs.getString("definition")));
                }
            }
            try (ResultSet rs = s.executeQuery(query("indexes"))) {
                while (rs.next()) {
                    indexColumns
                            .computeIfAbsent(rs.getLong("rel_oid"), k -> new HashSet<>())
                            .add(rs.getString("columns"));
                }
            }
            try (ResultSet rs = s.executeQuery(query("enums"))) {
                while (rs.next()) {
                    (rs.getString("kind").equals("enum") ? enumLabels : schemas).add(rs.getString("name"));
                }
            }
        }
        return new CatalogSnapshot(relations, columns, constraints, indexColumns, enumLabels, schemas);
    }

    static Locks locks(Connection c) throws SQLException {
        Set<Lock> held = new HashSet<>();
        String lockTimeout = "0";
        String statementTimeout = "0";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query("locks"))) {
            while (rs.next()) {
                if (rs.getLong("rel_oid") != 0) {
                    held.add(new Lock(rs.getLong("rel_oid"), rs.getString("mode")));
                }
                lockTimeout = rs.getString("lock_timeout");
                statementTimeout = rs.getString("statement_timeout");
            }
        }
        return new Locks(held, lockTimeout, statementTimeout);
    }

    private static synchronized String query(String name) {
        return QUERIES.computeIfAbsent(name, n -> {
            try (InputStream in = CatalogSnapshot.class.getResourceAsStream(n + ".sql")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
