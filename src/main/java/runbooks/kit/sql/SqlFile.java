package runbooks.kit.sql;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A SQL file from {@code sql/}, as a DBA could run it by hand with psql.
 *
 * <p>Parameters are custom settings read with {@code current_setting('runbook.name')}, so the same file
 * runs by hand after {@code SET runbook.name = '...';} and from the suite, which sets them for the
 * transaction. There is no templating: the file is sent to PostgreSQL as written.
 *
 * @param name the path under {@code sql/}, e.g. {@code mes/checks/counts.sql}
 */
public record SqlFile(String name, String text) {

    /** The file as an auditor reads it in the report: the settings it ran with, then the SQL. */
    public String withSettings(Map<String, String> settings) {
        if (settings.isEmpty()) {
            return text;
        }
        return settings.entrySet().stream()
                        .map(e -> "SET " + e.getKey() + " = '" + e.getValue().replace("'", "''") + "';")
                        .collect(Collectors.joining("\n", "", "\n\n"))
                + text;
    }

    @Override
    public String toString() {
        return "sql/" + name;
    }
}
