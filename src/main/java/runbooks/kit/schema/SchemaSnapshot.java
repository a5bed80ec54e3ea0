package runbooks.kit.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import runbooks.kit.database.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * A database's schema as objects and their definitions ({@code sql/kit/catalog_snapshot.sql}): columns,
 * indexes, constraints, triggers, views, and functions with their definition, SECURITY DEFINER and
 * privileges. Two snapshots compare object by object, so a rollback can be proved to restore the schema
 * exactly, and a difference is named.
 */
public record SchemaSnapshot(Map<String, String> objects) {

    public static SchemaSnapshot take(Target target, SqlFile query) {
        Rows rows = target.query(query);
        Map<String, String> objects = new TreeMap<>();
        IntStream.range(0, rows.size()).forEach(i -> objects.put(rows.get(i, "kind") + " " + rows.get(i, "object"), rows.get(i, "definition")));
        return new SchemaSnapshot(objects);
    }

    /** What differs from {@code before}, one line per object (empty when the schemas are equal). */
    public List<String> differencesFrom(SchemaSnapshot before) {
        List<String> out = new ArrayList<>();
        before.objects.forEach((object, was) -> {
            String now = objects.get(object);
            if (now == null) {
                out.add(object + ": missing (was " + was + ")");
            } else if (!now.equals(was)) {
                out.add(object + ": " + now + " (was " + was + ")");
            }
        });
        objects.forEach((object, now) -> {
            if (!before.objects.containsKey(object)) {
                out.add(object + ": added (" + now + ")");
            }
        });
        return out;
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        objects.forEach((object, definition) -> text.append(object).append(": ").append(definition).append('\n'));
        return text.toString();
    }
}
