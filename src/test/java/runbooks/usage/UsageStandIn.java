package runbooks.usage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.migration.DrizzleMigrations;
import runbooks.kit.migration.MigrationJournal;

/**
 * The metering database before 0003: drizzle migrations 0000-0002 applied by drizzle's own rules, and
 * usage rows the daily window job ingested before windows were recorded. Locally built once per run and
 * copied; for the staging stand-in, {@link UsageStagingStandIn} builds it in the database the environment names.
 */
public final class UsageStandIn {

    /** The last migration before the deploy. */
    static final String BEFORE = "0002_usage_event_source";
    /** The deploy, exactly (Pre-apply 2-3: the pending list). */
    static final List<String> DEPLOY = List.of("0003_usage_event_windows");

    static final String MIGRATIONS = "usage/drizzle";
    /** What the stand-in is built from: the migrations up to {@link #BEFORE} (not the pending ones a drill may change) and the fixtures. */
    private static final List<String> INPUTS = List.of(
            MIGRATIONS + "/0000_accounts_and_usage_events.sql",
            MIGRATIONS + "/0001_usage_admin_bucket_idx.sql",
            MIGRATIONS + "/" + BEFORE + ".sql",
            "usage/fixtures");

    private UsageStandIn() {}

    /** The team deploys with drizzle: its folder layout and drizzle.__drizzle_migrations. */
    static MigrationJournal migrations(RunbookContext runbook) {
        Path folder = runbook.config()
                .setting(runbooks.kit.junit.Settings.MIGRATIONS_DIR)
                .filter(d -> !d.isBlank())
                .map(Path::of)
                .orElseGet(() -> runbook.config()
                        .sqlFiles()
                        .directory(MIGRATIONS, runbook.config().workDir().resolve("sql")));
        // Where the team's drizzle.config keeps its journal (migrations: { schema, table }); drizzle's own default
        // otherwise.
        return new DrizzleMigrations(
                runbook.target(),
                folder,
                runbook.config().setting(UsageSettings.MIGRATIONS_SCHEMA).orElse(DrizzleMigrations.DEFAULT_SCHEMA),
                runbook.config().setting(UsageSettings.MIGRATIONS_TABLE).orElse(DrizzleMigrations.DEFAULT_TABLE));
    }

    static void prepare(RunbookContext runbook) {
        runbook.deploy()
                .standIn()
                .build(
                        INPUTS,
                        Map.of(),
                        () -> build(runbook),
                        f -> runbook.target().verify().script(runbook.sql(f)));
        runbook.target().verify();
        // Fresh statistics for the copy; also the suite's first write, so its run lock is held from here on.
        runbook.target().verify().execute(new runbooks.kit.sql.SqlFile("analyze", "ANALYZE usage_events;"));
    }

    private static void build(RunbookContext runbook) {
        runbook.target().verify();
        migrations(runbook).migrateTo(BEFORE);
        runbook.deploy()
                .standIn()
                .fixtureFiles("usage/fixtures")
                .forEach(f -> runbook.target().verify().script(runbook.sql(f)));
    }
}
