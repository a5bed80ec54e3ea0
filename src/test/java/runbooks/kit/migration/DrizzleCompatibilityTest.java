package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Settings;

/**
 * The kit and drizzle-orm's own {@code migrate()} (installed from the npm registry under
 * {@code target/node-drizzle}) agree on the same folder and database, both ways. Skipped, saying why,
 * where {@code node}/{@code npm} are absent or the registry cannot be reached.
 */
@Tag("node")
class DrizzleCompatibilityTest {

    private static final String DRIZZLE_ORM = "drizzle-orm@0.45.4";
    private static final String PG = "pg@8.16.3";
    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
    private static final Path NODE_DIR = BASEDIR.resolve("target/node-drizzle");
    private static final Path SAMPLE = BASEDIR.resolve("src/test/resources/drizzle-sample");
    private static final String SCRIPT = """
            const { drizzle } = require('drizzle-orm/node-postgres');
            const { migrate } = require('drizzle-orm/node-postgres/migrator');
            const { Pool } = require('pg');
            (async () => {
              const pool = new Pool();
              try { await migrate(drizzle(pool), { migrationsFolder: process.argv[2] }); console.log('drizzle migrate: done'); }
              catch (e) { console.error('drizzle migrate failed: ' + e.message); process.exitCode = 1; }
              finally { await pool.end(); }
            })();
            """;

    @BeforeAll
    static void installDrizzle() throws Exception {
        Assumptions.assumeTrue(
                run(List.of("node", "--version"), null, 30).exit() == 0,
                "node is not on the PATH: the drizzle-orm migrator cannot run here");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/drizzle-orm"))) {
            Files.createDirectories(NODE_DIR);
            ToolProcess install = run(
                    List.of(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            NODE_DIR.toString(),
                            DRIZZLE_ORM,
                            PG),
                    null,
                    300);
            Assumptions.assumeTrue(
                    install.exit() == 0,
                    () -> "npm could not install " + DRIZZLE_ORM + " and " + PG + ": " + install.output());
        }
        Files.writeString(NODE_DIR.resolve("migrate.js"), SCRIPT);
    }

    private static ToolProcess run(List<String> command, ConnectionSpec db, int timeoutSeconds) throws Exception {
        return ToolProcess.run(
                command,
                null,
                db == null
                        ? java.util.Map.of()
                        : java.util.Map.of(
                                "PGHOST",
                                db.host(),
                                "PGPORT",
                                String.valueOf(db.port()),
                                "PGDATABASE",
                                db.database(),
                                "PGUSER",
                                db.user(),
                                "PGPASSWORD",
                                db.password() == null ? "" : db.password()),
                timeoutSeconds);
    }

    private static ToolProcess drizzleMigrate(Target target) throws Exception {
        return drizzleMigrate(target, SAMPLE);
    }

    private static ToolProcess drizzleMigrate(Target target, Path folder) throws Exception {
        return run(List.of("node", NODE_DIR.resolve("migrate.js").toString(), folder.toString()), target.spec(), 120);
    }

    private static String journal(Target target) {
        return target.read(
                        "journal",
                        "SELECT count(*) || ':' || string_agg(hash || '@' || created_at, ',' ORDER BY id) AS j"
                                + " FROM drizzle.__drizzle_migrations")
                .single("j");
    }

    private static String schema(Target target) {
        return target.read(
                        "schema",
                        "SELECT string_agg(relname || '/' || relkind::text, ',' ORDER BY relname) AS s FROM pg_class c"
                                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")
                .single("s");
    }

    @Test
    @DisplayName("the kit applies the folder; drizzle-orm's migrate() then applies nothing and raises nothing")
    void should_leave_nothing_for_drizzle_after_the_kit() throws Exception {
        Target target = LocalTargets.fresh("drizzle_kit_first");
        DrizzleMigrations kit = new DrizzleMigrations(target, SAMPLE);
        assertThat(kit.migrate()).isEqualTo(2);
        String journal = journal(target);
        String schema = schema(target);

        ToolProcess drizzle = drizzleMigrate(target);

        assertThat(drizzle.exit()).as(drizzle.output()).isZero();
        assertThat(journal(target))
                .as("drizzle.__drizzle_migrations after drizzle's migrate()")
                .isEqualTo(journal);
        assertThat(schema(target)).isEqualTo(schema);
    }

    @Test
    @DisplayName("drizzle-orm's migrate() applies the folder; the kit then sees nothing pending and no problem")
    void should_see_nothing_pending_after_drizzle() throws Exception {
        Target target = LocalTargets.fresh("drizzle_orm_first");

        ToolProcess drizzle = drizzleMigrate(target);

        assertThat(drizzle.exit()).as(drizzle.output()).isZero();
        DrizzleMigrations kit = new DrizzleMigrations(target, SAMPLE);
        assertThat(kit.pendingVersions()).isEmpty();
        assertThat(kit.problems()).isEmpty();
        assertThat(kit.appliedVersions()).containsExactly("0000_init", "0001_usage_index");
    }

    @Test
    @DisplayName(
            "a pending migration that fails: drizzle's migrate() and the kit both roll every pending one back and record nothing")
    void should_agree_on_a_failing_migration() throws Exception {
        Path folder = Files.createDirectories(
                NODE_DIR.resolve("failing-" + System.nanoTime()).resolve("meta"));
        Files.copy(SAMPLE.resolve("meta/_journal.json"), folder.resolve("_journal.json"));
        folder = folder.getParent();
        Files.copy(SAMPLE.resolve("0000_init.sql"), folder.resolve("0000_init.sql"));
        Files.writeString(folder.resolve("0001_usage_index.sql"), "CREATE INDEX broken ON no_such_table (x);\n");

        Target byDrizzle = LocalTargets.fresh("drizzle_fail_orm");
        ToolProcess drizzle = drizzleMigrate(byDrizzle, folder);
        assertThat(drizzle.exit()).as(drizzle.output()).isNotZero();
        Target byKit = LocalTargets.fresh("drizzle_fail_kit");
        Path kitFolder = folder;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> new DrizzleMigrations(byKit, kitFolder).migrate()))
                .isNotNull();

        for (Target t : List.of(byDrizzle, byKit)) {
            assertThat(t.read("rows", "SELECT count(*) AS n FROM drizzle.__drizzle_migrations")
                            .single("n"))
                    .as("journal rows on %s", t.spec().database())
                    .isEqualTo("0");
            assertThat(t.read("t", "SELECT to_regclass('accounts') IS NULL AS gone")
                            .single("gone"))
                    .as("0000's table on %s (one transaction)", t.spec().database())
                    .isEqualTo("t");
        }
    }

    @Test
    @DisplayName(
            "usage.migrate.command set to drizzle-orm's own migrate(): the usage runbook passes on env=local, its checks unchanged")
    void should_pass_the_usage_runbook_with_drizzle_as_the_apply() throws Exception {
        String command = "node " + NODE_DIR.resolve("migrate.js").toAbsolutePath() + " "
                + BASEDIR.resolve("sql/usage/drizzle").toAbsolutePath();
        List<runbooks.kit.junit.Drill.Step> steps = runbooks.kit.junit.Drill.of(
                        Class.forName("runbooks.usage.UsageEventWindowsRunbookIT"))
                .with("USAGE_MIGRATE_COMMAND", command)
                .run();
        assertThat(steps)
                .filteredOn(s -> s.outcome().equals("failed"))
                .as("failed steps")
                .isEmpty();
        assertThat(steps)
                .filteredOn(s -> s.name().startsWith("04 "))
                .singleElement()
                .extracting(runbooks.kit.junit.Drill.Step::outcome)
                .isEqualTo("successful");
    }
}
