package runbooks.kit.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import runbooks.kit.data.Rows;

/**
 * A database as a step found it, for the "as it was" comparisons: its schema ({@link SchemaSnapshot}), and where
 * recorded every table's row count and content checksum ({@code sql/kit/content_checksums.sql}) and what behaviour
 * probes answered. A rollback check compares the database after the rollback with what the deploy found; a
 * verification run compares the schema with what the deploy left. Each difference is named.
 *
 * @param tables per table, its row count and content checksum; empty where not recorded
 * @param behaviour per probe file, its answer; empty where not recorded
 */
public record AsFound(SchemaSnapshot schema, Map<String, List<String>> tables, Map<String, String> behaviour) {

    public AsFound {
        tables = Map.copyOf(tables);
        behaviour = Map.copyOf(behaviour);
    }

    /** The schema alone. */
    public static AsFound schema(SchemaSnapshot schema) {
        return new AsFound(schema, Map.of(), Map.of());
    }

    /** With every table's rows, from {@code content_checksums.sql}'s {@code table}, {@code row_count}, {@code content_sum}. */
    public AsFound withTables(Rows contentChecksums) {
        Map<String, List<String>> byTable = new TreeMap<>();
        contentChecksums.forEach(r -> byTable.put(r.get("table"), List.of(r.get("row_count"), r.get("content_sum"))));
        return new AsFound(schema, byTable, behaviour);
    }

    /** With what the behaviour probes answered, by probe file. */
    public AsFound withBehaviour(Map<String, String> answers) {
        return new AsFound(schema, tables, answers);
    }

    /** Each object of the schema that {@code now} has added, dropped or changed since this. */
    public List<String> schemaChanges(AsFound now) {
        return now.schema.differencesFrom(schema);
    }

    /** Each table recorded here whose rows {@code now} differ in count or content, or that is gone. */
    public List<String> tableChanges(AsFound now) {
        List<String> changes = new ArrayList<>();
        new TreeMap<>(tables).forEach((table, was) -> {
            List<String> is = now.tables.get(table);
            if (!was.equals(is)) {
                changes.add(table + ": " + was.get(0) + " rows before the deploy"
                        + (is == null
                                ? ", gone"
                                : ", " + is.get(0) + " now"
                                        + (was.get(0).equals(is.get(0)) ? " (content changed)" : "")));
            }
        });
        return changes;
    }
}
