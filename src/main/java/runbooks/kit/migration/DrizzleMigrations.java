package runbooks.kit.migration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;

/**
 * Drizzle's folder and journal, read and written as drizzle-orm's {@code migrate()} does. Facts relied on,
 * from drizzle-orm 0.45 ({@code src/migrator.ts} readMigrationFiles, {@code src/pg-core/dialect.ts} migrate):
 * <ul>
 *   <li>Layout: {@code <folder>/meta/_journal.json} ({@code {"version","dialect":"postgresql","entries":[{"idx",
 *       "version","when","tag","breakpoints"}]}}) and {@code <folder>/<tag>.sql} per entry.</li>
 *   <li>Journal: {@code "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at
 *       bigint)}, schema and table created if missing.</li>
 *   <li>hash = hex SHA-256 of the file's text; created_at = the entry's {@code when}.</li>
 *   <li>Pending = entries whose {@code when} is greater than the newest row's created_at (so {@code when}
 *       must strictly increase); every pending file runs in ONE transaction, each split on the plain
 *       substring {@code --> statement-breakpoint}, each followed by its row. No lock; no hash comparison.</li>
 * </ul>
 */
public final class DrizzleMigrations implements MigrationJournal {

    static final String BREAKPOINT = "--> statement-breakpoint";

    private final Target target;
    private final Path folder;

    public DrizzleMigrations(Target target, Path folder) {
        this(target, folder, DEFAULT_SCHEMA, DEFAULT_TABLE);
    }

    /** drizzle's default journal: {@code drizzle.__drizzle_migrations}; a {@code drizzle.config} may move it ({@code migrations: { table, schema }}). */
    public static final String DEFAULT_SCHEMA = "drizzle";

    public static final String DEFAULT_TABLE = "__drizzle_migrations";

    /** A journal the team's {@code drizzle.config} moved: {@code migrations: { schema, table }}. */
    public DrizzleMigrations(Target target, Path folder, String schema, String table) {
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_$]*") || !table.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            throw new ConfigurationException(
                    "The drizzle migrations table must be a plain name (schema '" + schema + "', table '" + table
                            + "');"
                            + " set usage.migrations.schema and usage.migrations.table as drizzle.config's migrations: { schema, table } says.");
        }
        this.target = target;
        this.folder = folder;
        this.schema = schema;
        this.table = table;
        this.journalName = schema + "." + table;
        this.quoted = "\"" + schema + "\".\"" + table + "\"";
    }

    private final String schema;
    private final String table;
    /** How messages name the journal ({@code drizzle.__drizzle_migrations}). */
    private final String journalName;

    private final String quoted;

    /** One entry of {@code meta/_journal.json}. */

    /** One row of {@code drizzle.__drizzle_migrations}. */
    record Row(long id, String hash, Long createdAt) {}

    @Override
    public String tool() {
        return "Drizzle";
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public MigrationJournal on(Target other) {
        return new DrizzleMigrations(other, folder, schema, table);
    }

    /** The journal's entries, checked ({@link DrizzleJournal}). */
    List<DrizzleJournal.Entry> entries() {
        return DrizzleJournal.read(folder);
    }

    /** The journal table's rows, oldest first; empty when it does not exist. */
    List<Row> rows() {
        return target.readOnly(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs =
                        s.executeQuery("SELECT to_regclass('" + quoted.replace("'", "''") + "') IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return List.of();
                    }
                }
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT id, hash, created_at FROM " + quoted + " ORDER BY id")) {
                    while (rs.next()) {
                        long created = rs.getLong(3);
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : created));
                    }
                }
                return rows;
            }
        });
    }

    /** What drizzle compares: the newest row's created_at, by created_at (a NULL sorts first in DESC order). */
    private Long newest(List<Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return rows.stream().anyMatch(r -> r.createdAt() == null)
                ? null
                : rows.stream().mapToLong(Row::createdAt).max().getAsLong();
    }

    @Override
    public List<String> appliedVersions() {
        List<Row> rows = rows();
        return entries().stream()
                .filter(e -> rows.stream().anyMatch(r -> r.createdAt() != null && r.createdAt() == e.when()))
                .map(DrizzleJournal.Entry::tag)
                .toList();
    }

    @Override
    public List<String> pendingVersions() {
        return pending().stream().map(DrizzleJournal.Entry::tag).toList();
    }

    private List<DrizzleJournal.Entry> pending() {
        Long newest = newest(rows());
        return entries().stream()
                .filter(e -> newest == null || e.when() > newest)
                .toList();
    }

    @Override
    public List<Path> pendingFiles() {
        return pending().stream().map(DrizzleJournal.Entry::file).toList();
    }

    @Override
    public List<String> problems() {
        List<DrizzleJournal.Entry> entries = entries();
        List<String> problems = new ArrayList<>();
        for (Row r : rows()) {
            if (r.createdAt() == null) {
                problems.add(journalName + " row " + r.id()
                        + " has created_at NULL: drizzle would apply every migration again.");
                continue;
            }
            DrizzleJournal.Entry entry = entries.stream()
                    .filter(e -> e.when() == r.createdAt())
                    .findFirst()
                    .orElse(null);
            if (entry == null) {
                problems.add(
                        journalName + " row " + r.id() + " (created_at " + r.createdAt()
                                + ") matches no entry of meta/_journal.json: a migration applied here is missing from the folder.");
            } else if (!hash(entry.file()).equals(r.hash())) {
                problems.add("The migration " + entry.tag() + ".sql was modified after it was applied (its hash "
                        + hash(entry.file()) + " differs from the recorded " + r.hash() + ").");
            }
        }
        return problems;
    }

    @Override
    public String status() {
        List<Row> rows = rows();
        StringBuilder out = new StringBuilder(entries().size() + " migrations in " + folder.getFileName()
                + "/meta/_journal.json (Drizzle, " + journalName + ")\n");
        List<String> pending = pendingVersions();
        for (DrizzleJournal.Entry e : entries()) {
            out.append(String.format(
                    "%-45s when %d  %s%n",
                    e.tag(),
                    e.when(),
                    pending.contains(e.tag())
                            ? "pending"
                            : rows.stream().anyMatch(r -> r.createdAt() != null && r.createdAt() == e.when())
                                    ? "applied"
                                    : "skipped (older than the newest row)"));
        }
        List<String> problems = problems();
        out.append(
                problems.isEmpty()
                        ? (pending.isEmpty() ? "up to date" : pending.size() + " pending")
                        : String.join("\n", problems));
        return out.toString();
    }

    @Override
    public int migrate() {
        return apply(pending());
    }

    @Override
    public void migrateTo(String version) {
        List<DrizzleJournal.Entry> pending = pending();
        int through = pending.stream().map(DrizzleJournal.Entry::tag).toList().indexOf(version);
        if (through < 0) {
            throw new IllegalArgumentException(version + " is not a pending migration in " + folder);
        }
        apply(pending.subList(0, through + 1));
    }

    /** migrate(): schema and table if missing, then every pending file and its row in one transaction. */
    private int apply(List<DrizzleJournal.Entry> entries) {
        // Every file read first: one that cannot be read stops the deploy before anything is written.
        entries.forEach(e -> MigrationFiles.readForApply(e.file()));
        try (Connection c = target.verify().writableDataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = " + target.timeouts().lock().toMillis() + "; SET statement_timeout = "
                        + target.timeouts().write().toMillis());
                s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                s.execute("CREATE TABLE IF NOT EXISTS " + quoted
                        + " (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)");
            }
            c.setAutoCommit(false);
            DrizzleJournal.Entry current = null;
            try {
                for (DrizzleJournal.Entry e : entries) {
                    current = e;
                    String text = MigrationFiles.readForApply(e.file());
                    try (Statement s = c.createStatement()) {
                        for (String statement : text.split(Pattern.quote(BREAKPOINT))) {
                            if (!statement.isBlank()) {
                                s.execute(statement);
                            }
                        }
                    }
                    try (PreparedStatement insert =
                            c.prepareStatement("INSERT INTO " + quoted + " (\"hash\", \"created_at\") VALUES (?, ?)")) {
                        insert.setString(1, hash(e.file()));
                        insert.setLong(2, e.when());
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException ex) {
                c.rollback();
                throw new IllegalStateException(
                        "Migration " + (current == null ? "?" : current.tag()) + " failed on "
                                + target.spec().masked()
                                + ", and drizzle's one transaction rolled back every pending migration: "
                                + String.valueOf(ex.getMessage()).split("\n")[0],
                        ex);
            }
            return entries.size();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "drizzle migrate could not run on " + target.spec().masked() + ": " + e.getMessage(), e);
        }
    }

    /** drizzle's hash: hex SHA-256 of the file's text (UTF-8). */
    static String hash(Path file) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(read(file).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text as drizzle (node) decodes it, invalid bytes replaced: what its hash is taken of. */
    private static String read(Path file) {
        return MigrationFiles.readAsTheToolsDo(file);
    }
}
