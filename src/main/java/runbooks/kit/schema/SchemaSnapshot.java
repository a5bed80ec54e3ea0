package runbooks.kit.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * A database's schema as objects and their definitions ({@code sql/kit/catalog_snapshot.sql}): columns,
 * indexes, constraints, triggers, views, and functions with their definition, SECURITY DEFINER and
 * privileges; and its security surface: row-level security (enabled, forced), policies (command, roles, USING,
 * WITH CHECK), owners, privileges on the schema, tables, columns and sequences, and default privileges. Two snapshots compare object by object, so a rollback can be proved to restore the schema
 * exactly, and a difference is named.
 */
public record SchemaSnapshot(Map<String, String> objects) {

    /** The kinds of the security surface, which snapshots taken before the kit covered it do not hold. */
    public static final List<String> SECURITY_KINDS =
            List.of("row security", "policy", "owner", "privileges", "default privileges");

    /** Whether this snapshot covers the security surface (every such snapshot names the owner of schema public). */
    public boolean coversSecurity() {
        return objects.keySet().stream().anyMatch(k -> k.startsWith("owner "));
    }

    /** This snapshot without its security surface: what a snapshot taken before the kit covered it can be compared with. */
    public SchemaSnapshot withoutSecuritySurface() {
        Map<String, String> kept = new TreeMap<>(objects);
        kept.keySet().removeIf(k -> SECURITY_KINDS.stream().anyMatch(kind -> k.startsWith(kind + " ")));
        return new SchemaSnapshot(kept);
    }

    public static SchemaSnapshot take(Target target, SqlFile query) {
        Rows rows = target.query(query);
        Map<String, String> objects = new TreeMap<>();
        IntStream.range(0, rows.size())
                .forEach(
                        i -> objects.put(rows.get(i, "kind") + " " + rows.get(i, "object"), rows.get(i, "definition")));
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

    /**
     * What differs from {@code before} when the two schemas took different routes (one restored from a dump of the
     * other): PostgreSQL prints a definition it re-parsed with other parentheses (nested {@code AND}s of a
     * {@code BETWEEN} flattened), so a CHECK constraint or an index that differs only in its text is parsed again on
     * {@code reparse}, a database holding this snapshot's tables (the restored scratch copy), in a transaction that is
     * rolled back, and compared as that server prints it. Equal schemas compare equal whatever route they took; a
     * changed bound still differs.
     */
    public List<String> differencesFrom(SchemaSnapshot before, Target reparse) {
        Map<String, String> normalized = new TreeMap<>(before.objects);
        for (Map.Entry<String, String> e : before.objects.entrySet()) {
            String now = objects.get(e.getKey());
            if (now != null && !now.equals(e.getValue())) {
                reparsed(reparse, e.getKey(), e.getValue()).ifPresent(text -> normalized.put(e.getKey(), text));
            }
        }
        return differencesFrom(new SchemaSnapshot(normalized));
    }

    /** {@code definition} of {@code object} as {@code db}'s parser prints it, where it is a CHECK constraint or an index. */
    private static java.util.Optional<String> reparsed(Target db, String object, String definition) {
        String[] kindAndName = object.split(" ", 2);
        try {
            return java.util.Optional.ofNullable(db.verify().writing(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    if (kindAndName[0].equals("constraint") && definition.startsWith("CHECK ")) {
                        String table = kindAndName[1].substring(0, kindAndName[1].indexOf('.'));
                        boolean notValid = definition.endsWith(" NOT VALID");
                        s.execute("ALTER TABLE public." + quote(table) + " ADD CONSTRAINT runbooks_reparse "
                                + definition + (notValid ? "" : " NOT VALID"));
                        try (java.sql.ResultSet rs =
                                s.executeQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                                        + " WHERE conname = 'runbooks_reparse' AND conrelid = 'public."
                                        + quote(table).replace("'", "''") + "'::regclass")) {
                            rs.next();
                            String text = rs.getString(1);
                            return notValid ? text : text.replaceFirst(" NOT VALID$", "");
                        }
                    }
                    if (kindAndName[0].equals("index") && definition.contains(" INDEX " + kindAndName[1] + " ON ")) {
                        s.execute(definition.replaceFirst(
                                " INDEX " + java.util.regex.Pattern.quote(kindAndName[1]) + " ON ",
                                " INDEX runbooks_reparse ON "));
                        try (java.sql.ResultSet rs =
                                s.executeQuery("SELECT pg_get_indexdef('public.runbooks_reparse'::regclass)")) {
                            rs.next();
                            return rs.getString(1)
                                    .replaceFirst(" INDEX runbooks_reparse ON ", " INDEX " + kindAndName[1] + " ON ");
                        }
                    }
                    return null;
                } finally {
                    c.rollback();
                }
            }));
        } catch (java.sql.SQLException | RuntimeException e) {
            // Not parseable there (the table differs too): the difference stands as printed.
            return java.util.Optional.empty();
        }
    }

    private static String quote(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A JSON snapshot's first key, saying what the file is (not a migration tool's own snapshot). */
    public static final String FORMAT_KEY = "_format";

    /**
     * As a file a person reads ({@code deployed-schema.json}, a runbook's evidence): {@link #FORMAT_KEY} saying what it
     * is, then one key per object, sorted, with its definition.
     */
    public String toJson() {
        Map<String, String> json = new TreeMap<>(objects);
        json.put(
                FORMAT_KEY,
                "the suite's catalog snapshot (sql/kit/catalog_snapshot.sql): one key per object of the public schema"
                        + " (column, index, constraint, trigger, view, function, row security, policy, owner, privileges,"
                        + " default privileges) and its definition as PostgreSQL prints it");
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        objects.forEach((object, definition) ->
                text.append(object).append(": ").append(definition).append('\n'));
        return text.toString();
    }
}
