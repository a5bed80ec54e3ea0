package runbooks.kit.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;

/**
 * The table a migration tool keeps its journal in. Every database the tool migrated has it, and migrations may use it
 * (Lemmy's history puts a trigger on diesel's), so a rehearsal rebuilt from the files creates it first, as the tool
 * does. The DDL is in {@code sql/kit/journals/<tool>.sql}.
 */
public enum ToolJournal {
    FLYWAY("flyway", "flyway_schema_history"),
    PRISMA("prisma", "_prisma_migrations"),
    DRIZZLE("drizzle", "drizzle.__drizzle_migrations"),
    DIESEL("diesel", "__diesel_schema_migrations");

    private final String tool;
    private final String table;

    ToolJournal(String tool, String table) {
        this.tool = tool;
        this.table = table;
    }

    public String tool() {
        return tool;
    }

    public String table() {
        return table;
    }

    /** The tool named {@code name} ({@code flyway}, {@code prisma}, {@code drizzle}, {@code diesel}), if known. */
    public static Optional<ToolJournal> named(String name) {
        return Arrays.stream(values()).filter(j -> j.tool.equals(name)).findFirst();
    }

    /**
     * The tool a migrations folder is laid out for: Prisma's {@code <migration>/migration.sql}, diesel's
     * {@code <migration>/up.sql}, drizzle's {@code meta/_journal.json}, Flyway's {@code V<version>__<name>.sql}.
     */
    public static Optional<ToolJournal> of(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        if (Files.isRegularFile(folder.resolve("meta/_journal.json"))) {
            return Optional.of(DRIZZLE);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.sorted().toList()) {
                if (Files.isRegularFile(p.resolve("migration.sql"))) {
                    return Optional.of(PRISMA);
                }
                if (Files.isRegularFile(p.resolve("up.sql"))) {
                    return Optional.of(DIESEL);
                }
                if (p.getFileName().toString().matches("V[0-9._]+__.*\\.sql")) {
                    return Optional.of(FLYWAY);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The tool whose journal table is named {@code relation} (as an error names it, qualified or not), if any. */
    public static Optional<ToolJournal> ofTable(String relation) {
        String name = relation.substring(relation.lastIndexOf('.') + 1);
        return Arrays.stream(values())
                .filter(j -> j.table.substring(j.table.lastIndexOf('.') + 1).equals(name))
                .findFirst();
    }

    /** Creates the journal table in {@code database} as the tool does before its first migration. */
    public void createIn(ConnectionSpec database) {
        try (Connection c = Connections.open(database);
                Statement s = c.createStatement()) {
            s.execute(ddl());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not create " + tool + "'s journal " + table + " in the rehearsal: " + e.getMessage(), e);
        }
    }

    /** {@code sql/kit/journals/<tool>.sql}, on the classpath under {@code runbooks/kit/gate/journals/}. */
    String ddl() {
        try (InputStream in = ToolJournal.class.getResourceAsStream("journals/" + tool + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("journals/" + tool + ".sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
