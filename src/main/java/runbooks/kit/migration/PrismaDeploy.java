package runbooks.kit.migration;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import runbooks.kit.database.Target;

/**
 * {@code prisma migrate deploy}'s writes ({@code commands/apply_migrations.rs}, {@code sql_migration_persistence.rs}):
 * under {@code pg_advisory_lock(72707369)}, per migration the row first (uuid v4, checksum, started_at, name,
 * applied_steps_count 0), the file as one script (one implicit transaction), then applied_steps_count + 1 and
 * finished_at; on failure only {@code logs} is set, and the unfinished row blocks every later deploy (P3009).
 */
final class PrismaDeploy {

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

    private PrismaDeploy() {}

    /** An unfinished journal row of an apply the server rolled back (no logs, no step): its id, name and start. */
    record Interrupted(String id, String name, String startedAt) {}

    /** Each migration in turn, under Prisma's advisory lock, in a journal created when missing. */
    static int apply(Target target, Path folder, List<String> migrations) {
        return apply(target, folder, migrations, List.of());
    }

    /**
     * {@link #apply(Target, Path, List)}, first recording each of {@code interrupted} (an apply cut off by Ctrl-C or a
     * kill, which the server rolled back whole) as {@code prisma migrate resolve --rolled-back} records it: {@code
     * rolled_back_at = now()} on its row, under the migration lock and only while the row is still unfinished, without
     * logs and without a step, so that the suite and Prisma both see the migration pending again.
     */
    static int apply(Target target, Path folder, List<String> migrations, List<Interrupted> interrupted) {
        // Every file read before the first row is written: one that cannot be read leaves no unfinished row behind.
        migrations.forEach(m -> MigrationFiles.readForApply(folder.resolve(m).resolve("migration.sql")));
        try (Connection c = target.verify().writableDataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + target.timeouts().lock().toMillis() + "; SET statement_timeout = "
                    + target.timeouts().write().toMillis());
            s.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")");
            try {
                s.execute(TABLE_DDL);
                for (Interrupted row : interrupted) {
                    recordRolledBack(target, c, row);
                }
                for (String m : migrations) {
                    applyOne(target, folder, c, m);
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")");
            }
            return migrations.size();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                // As other lock waits are told: the limit, the setting, and who holds the lock.
                throw new IllegalStateException(
                        "prisma migrate deploy on " + target.spec().masked() + " waited longer than lock_timeout "
                                + target.timeouts().lock() + " (environments/"
                                + target.spec().environment()
                                + ".properties) for a lock on its journal or a table and stopped, what it applied"
                                + " before staying journaled; "
                                + target.lockHolders()
                                + ". Re-run when that session is done, or raise lock_timeout.",
                        e);
            }
            throw new IllegalStateException(
                    "prisma migrate deploy could not run on " + target.spec().masked() + ": " + e.getMessage(), e);
        }
    }

    private static void recordRolledBack(Target target, Connection c, Interrupted row) throws SQLException {
        try (PreparedStatement resolve = c.prepareStatement("UPDATE _prisma_migrations SET rolled_back_at = now()"
                + " WHERE id = ? AND finished_at IS NULL AND rolled_back_at IS NULL AND logs IS NULL"
                + " AND applied_steps_count = 0")) {
            resolve.setString(1, row.id());
            if (resolve.executeUpdate() == 1) {
                String said = "The apply of " + row.name() + " started " + row.startedAt()
                        + " was interrupted (Ctrl-C or"
                        + " a killed JVM): its row had no logs and no step, no session held the migration lock, and no"
                        + " catalog object had been created or changed since, so the server had rolled the migration's"
                        + " one transaction back; recorded as prisma migrate resolve --rolled-back " + row.name()
                        + " records it (rolled_back_at on row " + row.id() + ") and applied again.";
                LOG.info("[migrate] {}", said);
                runbooks.kit.evidence.Evidence.text("interrupted apply recorded as rolled back: " + row.name(), said);
            }
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PrismaDeploy.class);

    private static void applyOne(Target target, Path folder, Connection c, String migration) throws SQLException {
        Path file = folder.resolve(migration).resolve("migration.sql");
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, now(), ?, 0)")) {
            insert.setString(1, id);
            insert.setString(2, PrismaChecksum.of(file));
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
}
