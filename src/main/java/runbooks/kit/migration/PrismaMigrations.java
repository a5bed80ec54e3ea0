package runbooks.kit.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    private static final Pattern PROVIDER = Pattern.compile("(?m)^\\s*provider\\s*=\\s*\"([^\"]*)\"");

    private final Target target;
    private final Path folder;

    public PrismaMigrations(Target target, Path folder) {
        this.target = target;
        this.folder = folder;
    }

    /** One row of {@code _prisma_migrations}. */
    /**
     * One row of the journal.
     *
     * @param rolledBackByServer an interrupted apply (Ctrl-C, a killed JVM) that provably left nothing: unfinished, no
     *     {@code logs} (it did not fail with an error), no step applied, no session holds Prisma's migration lock, and no
     *     catalog object was created or changed since the row was written ({@link #INTERRUPTED}); the server rolled the
     *     migration's one transaction back, and the next apply records it as {@code prisma migrate resolve --rolled-back}
     *     does
     */
    record Row(
            String id,
            String name,
            String checksum,
            boolean finished,
            boolean rolledBack,
            String startedAt,
            String logs,
            boolean rolledBackByServer) {}

    /**
     * Whether an unfinished row is an interrupted apply the server rolled back: read-only, judged by PostgreSQL's own
     * records (pg_locks for Prisma's advisory lock, the xmin of every user catalog row against the journal row's).
     * Conservative: any DDL on the database since the row was written, by anyone, keeps Prisma's P3009.
     */
    static final String INTERRUPTED = """
            m.finished_at IS NULL AND m.rolled_back_at IS NULL AND m.logs IS NULL AND m.applied_steps_count = 0
            AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = 0
                AND l.objid = %d AND l.objsubid = 1
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
            AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema' AND age(c.xmin) < age(m.xmin))
            AND NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema' AND age(t.xmin) < age(m.xmin))
            AND NOT EXISTS (SELECT 1 FROM pg_enum e WHERE age(e.xmin) < age(m.xmin))
            AND NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema' AND age(p.xmin) < age(m.xmin))
            AND NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE age(n.xmin) < age(m.xmin))""".formatted(PrismaDeploy.ADVISORY_LOCK);

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
        return target.readOnly(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT to_regclass('_prisma_migrations') IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return List.of();
                    }
                }
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(
                        "SELECT id, migration_name, checksum, finished_at IS NOT NULL AS finished,"
                                + " rolled_back_at IS NOT NULL AS rolled_back, started_at::text AS started_at, logs, ("
                                + INTERRUPTED
                                + ") AS rolled_back_by_server FROM _prisma_migrations m ORDER BY started_at, migration_name")) {
                    while (rs.next()) {
                        rows.add(new Row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getBoolean(4),
                                rs.getBoolean(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getBoolean(8)));
                    }
                }
                return rows;
            }
        });
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
    public List<String> unfinished() {
        return problems().stream().filter(p -> p.startsWith("P3009")).toList();
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
        Set<String> recorded = rows().stream()
                .filter(r -> !r.rolledBack() && !r.rolledBackByServer())
                .map(Row::name)
                .collect(Collectors.toSet());
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
            if (r.rolledBackByServer()) {
                continue; // an interrupted apply the server rolled back: the next apply records it and applies again
            }
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
                } else if (!PrismaChecksum.of(folder.resolve(r.name()).resolve("migration.sql"))
                                .equals(r.checksum())
                        && !matches(read(folder.resolve(r.name()).resolve("migration.sql")), r.checksum())) {
                    problems.add("The migration `" + r.name()
                            + "` was modified after it was applied (its migration.sql checksum "
                            + PrismaChecksum.of(folder.resolve(r.name()).resolve("migration.sql"))
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
                    .filter(r -> r.name().equals(m) && !r.rolledBack() && !r.rolledBackByServer())
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

    /** What deploy does: refuse on a failed row or an unbaselined schema, then each migration in turn ({@link PrismaDeploy}). */
    private int apply(List<String> migrations) {
        problems().stream().filter(p -> p.startsWith("P300")).findFirst().ifPresent(p -> {
            throw new IllegalStateException(p);
        });
        List<PrismaDeploy.Interrupted> interrupted = rows().stream()
                .filter(Row::rolledBackByServer)
                .filter(r -> migrations.contains(r.name()))
                .map(r -> new PrismaDeploy.Interrupted(r.id(), r.name(), r.startedAt()))
                .toList();
        return PrismaDeploy.apply(target, folder, migrations, interrupted);
    }

    /** Prisma's script_matches_checksum ({@link PrismaChecksum#matches}). */
    static boolean matches(String script, String checksum) {
        return PrismaChecksum.matches(script, checksum);
    }

    /** For comparing with what was recorded: the text as Prisma decoded it (a non-UTF-8 file it applied does not throw here). */
    private static String read(Path file) {
        return MigrationFiles.readAsTheToolsDo(file);
    }
}
