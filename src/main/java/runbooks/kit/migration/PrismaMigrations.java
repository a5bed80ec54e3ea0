package runbooks.kit.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;

/**
 * Prisma Migrate's folder and journal, read and written as {@code prisma migrate deploy} does. Facts relied
 * on, from prisma-engines (schema-engine): {@code sql-schema-connector/src/flavour/postgres.rs} (the table),
 * {@code sql_migration_persistence.rs} (rows), {@code commands/apply_migrations.rs} (deploy, P3005, P3009),
 * {@code schema-connector/src/checksum.rs} (checksum), {@code migrations-directory} (layout):
 * <ul>
 *   <li>Layout: {@code <folder>/<timestamp>_<name>/migration.sql}, and {@code migration_lock.toml} whose
 *       {@code provider} must be {@code postgresql} when present.</li>
 *   <li>Journal: {@code _prisma_migrations} in the search_path schema, created by deploy when missing, but
 *       only on an empty schema (else P3005: the schema must be baselined first).</li>
 *   <li>checksum = lowercase hex SHA-256 of the file's text as read (no line-ending normalisation). An applied
 *       file matches its recorded checksum when the text, its CRLF turned to LF, or its LF turned to CRLF
 *       hashes to it (git changes line endings), also in the old form without zero padding
 *       ({@code schema-engine/connectors/schema-connector/src/checksum.rs}, script_matches_checksum).</li>
 *   <li>Apply, under {@code pg_advisory_lock(72707369)}: insert the row (uuid v4, checksum, started_at, name,
 *       applied_steps_count 0); run the file as one script (one implicit transaction); then
 *       applied_steps_count + 1, then finished_at. On failure only {@code logs} is set: the row stays with
 *       finished_at NULL, and every later deploy stops with P3009 until it is resolved.</li>
 *   <li>Pending = folder migrations with no row whose rolled_back_at is NULL, in name order; deploy never
 *       compares checksums (migrate status / dev report a changed applied file: drift).</li>
 * </ul>
 */
public final class PrismaMigrations implements MigrationJournal {

    /** The advisory lock key prisma migrate takes around a deploy. */
    static final long ADVISORY_LOCK = 72707369L;

    static final String TABLE_DDL = """
            CREATE TABLE IF NOT EXISTS _prisma_migrations (
                id                  VARCHAR(36) PRIMARY KEY NOT NULL,
                checksum            VARCHAR(64) NOT NULL,
                finished_at         TIMESTAMPTZ,
                migration_name      VARCHAR(255) NOT NULL,
                logs                TEXT,
                rolled_back_at      TIMESTAMPTZ,
                started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
                applied_steps_count INTEGER NOT NULL DEFAULT 0
            )""";
    private static final Pattern PROVIDER = Pattern.compile("(?m)^\\s*provider\\s*=\\s*\"([^\"]*)\"");

    private final Target target;
    private final Path folder;

    public PrismaMigrations(Target target, Path folder) {
        this.target = target;
        this.folder = folder;
    }

    /** One row of {@code _prisma_migrations}. */
    record Row(String name, String checksum, boolean finished, boolean rolledBack, String startedAt, String logs) {}

    @Override
    public String tool() {
        return "Prisma Migrate";
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public MigrationJournal on(Target other) {
        return new PrismaMigrations(other, folder);
    }

    /** The migration folders, in the order deploy applies them; the folder's shape is checked first. */
    List<String> migrations() {
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException(
                    "The Prisma migrations folder " + folder + " does not exist; set <runbook>.migrations.dir.");
        }
        Path lock = folder.resolve("migration_lock.toml");
        if (Files.exists(lock)) {
            Matcher m = PROVIDER.matcher(read(lock));
            if (!m.find() || !m.group(1).equals("postgresql")) {
                throw new ConfigurationException(
                        lock
                                + " does not say provider = \"postgresql\"; this folder is not a PostgreSQL migrations folder.");
            }
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> names = new ArrayList<>();
            for (Path dir : entries.filter(Files::isDirectory).sorted().toList()) {
                if (!Files.isRegularFile(dir.resolve("migration.sql"))) {
                    throw new ConfigurationException("The Prisma migration folder " + dir + " has no migration.sql.");
                }
                names.add(dir.getFileName().toString());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder, e);
        }
    }

    /** The journal's rows in the order they were started; empty when the table does not exist. */
    List<Row> rows() {
        try (Connection c = runbooks.kit.database.Connections.open(target.spec());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('_prisma_migrations') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return List.of();
                }
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT migration_name, checksum, finished_at IS NOT NULL AS finished,"
                    + " rolled_back_at IS NOT NULL AS rolled_back, started_at::text AS started_at, logs"
                    + " FROM _prisma_migrations ORDER BY started_at, migration_name")) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBoolean(3),
                            rs.getBoolean(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read _prisma_migrations on " + target.spec().masked() + ": " + e.getMessage(), e);
        }
    }

    private boolean journalExists() {
        return !target.read("journal", "SELECT 1 AS x WHERE to_regclass('_prisma_migrations') IS NOT NULL")
                .isEmpty();
    }

    private boolean schemaHasTables() {
        return !target.read(
                        "tables",
                        "SELECT 1 AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') LIMIT 1")
                .isEmpty();
    }

    @Override
    public java.util.Optional<String> appliedRecord(String version) {
        return rows().stream()
                .filter(r -> r.name().equals(version) && r.finished() && !r.rolledBack())
                .findFirst()
                .map(r -> version + " applied, started " + r.startedAt()
                        + " (recorded in _prisma_migrations, as prisma migrate deploy records it)");
    }

    @Override
    public List<String> appliedVersions() {
        return rows().stream()
                .filter(r -> r.finished() && !r.rolledBack())
                .map(Row::name)
                .toList();
    }

    @Override
    public List<String> pendingVersions() {
        Set<String> recorded =
                rows().stream().filter(r -> !r.rolledBack()).map(Row::name).collect(Collectors.toSet());
        return migrations().stream().filter(m -> !recorded.contains(m)).toList();
    }

    @Override
    public List<Path> pendingFiles() {
        return pendingVersions().stream()
                .map(m -> folder.resolve(m).resolve("migration.sql"))
                .toList();
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> local = migrations();
        if (!journalExists()) {
            if (schemaHasTables()) {
                problems.add("P3005: The database schema of " + target.spec().masked()
                        + " is not empty and has no _prisma_migrations table:"
                        + " baseline it first (prisma migrate resolve --applied <migration>).");
            }
            return problems;
        }
        for (Row r : rows()) {
            if (!r.finished() && !r.rolledBack()) {
                problems.add(
                        "P3009: migrate found failed migrations in the target database, new migrations will not be applied:"
                                + " The `" + r.name() + "` migration started at " + r.startedAt() + " failed"
                                + (r.logs() == null
                                        ? ""
                                        : " (" + r.logs().lines().findFirst().orElse("") + ")")
                                + "; resolve it (prisma migrate resolve --rolled-back or --applied) before deploying.");
            } else if (r.finished() && !r.rolledBack()) {
                if (!local.contains(r.name())) {
                    problems.add(
                            "The following migration is applied to the database but missing from the local migrations directory: "
                                    + r.name() + ".");
                } else if (!checksum(folder.resolve(r.name()).resolve("migration.sql"))
                                .equals(r.checksum())
                        && !matches(read(folder.resolve(r.name()).resolve("migration.sql")), r.checksum())) {
                    problems.add("The migration `" + r.name()
                            + "` was modified after it was applied (its migration.sql checksum "
                            + checksum(folder.resolve(r.name()).resolve("migration.sql"))
                            + " differs from the recorded " + r.checksum() + ").");
                }
            }
        }
        return problems;
    }

    @Override
    public String status() {
        List<String> local = migrations();
        List<Row> rows = rows();
        StringBuilder out = new StringBuilder(local.size() + " migrations found in " + folder.getFileName() + " ("
                + tool() + ", _prisma_migrations)\n");
        for (String m : local) {
            Row row = rows.stream()
                    .filter(r -> r.name().equals(m) && !r.rolledBack())
                    .findFirst()
                    .orElse(null);
            out.append(String.format(
                    "%-50s %s%n",
                    m,
                    row == null
                            ? "pending"
                            : row.finished() ? "applied " + row.startedAt() : "FAILED " + row.startedAt()));
        }
        List<String> problems = problems();
        out.append(
                problems.isEmpty()
                        ? (pendingVersions().isEmpty()
                                ? "Database schema is up to date!"
                                : "Following migrations have not yet been applied.")
                        : String.join("\n", problems));
        return out.toString();
    }

    @Override
    public int migrate() {
        return apply(pendingVersions());
    }

    @Override
    public void migrateTo(String version) {
        List<String> pending = pendingVersions();
        int through = pending.indexOf(version);
        if (through < 0) {
            throw new IllegalArgumentException(version + " is not a pending migration in " + folder);
        }
        apply(pending.subList(0, through + 1));
    }

    /** What deploy does: refuse on a failed row or an unbaselined schema, then each migration in turn. */
    private int apply(List<String> migrations) {
        List<String> blocking =
                problems().stream().filter(p -> p.startsWith("P300")).toList();
        if (!blocking.isEmpty()) {
            throw new IllegalStateException(blocking.get(0));
        }
        // Every file read before the first row is written: one that cannot be read leaves no unfinished row behind.
        migrations.forEach(m -> MigrationFiles.readForApply(folder.resolve(m).resolve("migration.sql")));
        try (Connection c = target.writableDataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + target.timeouts().lock().toMillis() + "; SET statement_timeout = "
                    + target.timeouts().write().toMillis());
            s.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")");
            try {
                s.execute(TABLE_DDL);
                for (String m : migrations) {
                    applyOne(c, m);
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")");
            }
            return migrations.size();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "prisma migrate deploy could not run on " + target.spec().masked() + ": " + e.getMessage(), e);
        }
    }

    private void applyOne(Connection c, String migration) throws SQLException {
        Path file = folder.resolve(migration).resolve("migration.sql");
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, now(), ?, 0)")) {
            insert.setString(1, id);
            insert.setString(2, checksum(file));
            insert.setString(3, migration);
            insert.executeUpdate();
        }
        try (Statement script = c.createStatement()) {
            // One script, one implicit transaction: pgjdbc sends the statements with one Sync, as Prisma's simple query
            // does.
            script.execute(MigrationFiles.readForApply(file));
        } catch (SQLException e) {
            try (PreparedStatement logs = c.prepareStatement("UPDATE _prisma_migrations SET logs = ? WHERE id = ?")) {
                logs.setString(1, e.getMessage());
                logs.setString(2, id);
                logs.executeUpdate();
            }
            throw new IllegalStateException(
                    "Migration " + migration + " failed to apply cleanly to "
                            + target.spec().masked() + ": "
                            + String.valueOf(e.getMessage()).split("\n")[0],
                    e);
        }
        try (PreparedStatement done = c.prepareStatement(
                "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = ?")) {
            done.setString(1, id);
            done.executeUpdate();
        }
        try (PreparedStatement done =
                c.prepareStatement("UPDATE _prisma_migrations SET finished_at = now() WHERE id = ?")) {
            done.setString(1, id);
            done.executeUpdate();
        }
    }

    /** Prisma's script_matches_checksum: line-ending agnostic, and accepting the old unpadded hex form. */
    static boolean matches(String script, String checksum) {
        for (String variant : List.of(script, script.replace("\r\n", "\n"), script.replace("\n", "\r\n"))) {
            byte[] digest = sha256(variant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String padded = HexFormat.of().formatHex(digest);
            StringBuilder old = new StringBuilder();
            for (byte b : digest) {
                old.append(Integer.toHexString(b & 0xff));
            }
            if ((checksum.length() == 64 ? padded : old.toString()).equals(checksum)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prisma's checksum: lowercase hex SHA-256 of the file's bytes. */
    static String checksum(Path file) {
        try {
            return HexFormat.of().formatHex(sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** For comparing with what was recorded: the text as Prisma decoded it (a non-UTF-8 file it applied does not throw here). */
    private static String read(Path file) {
        return MigrationFiles.readAsTheToolsDo(file);
    }
}
