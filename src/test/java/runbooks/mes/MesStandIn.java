package runbooks.mes;

import java.util.List;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.migration.PrismaMigrations;

/**
 * The MES database as it stood before the 4h/1w deploy: the baseline schema, and the source bars the
 * Databento ingestion would have loaded. On env=local the runbook builds it in its fresh database; for
 * a staging stand-in, {@link MesStagingStandIn} builds it in the database the environment names (see docs/ci.md).
 */
public final class MesStandIn {

    /** The last migration before the deploy. */
    static final String BASELINE_VERSION = "20260101000000_baseline_mes_1h_1d";
    /** The deploy's migrations, exactly (runbook §3.1: "the expected pending migration set"). */
    static final List<String> DEPLOY_VERSIONS = List.of("20260227153000_add_mes_4h_1w_tables");
    /** The team's Prisma migrations folder; {@code mes.migrations.dir} may point at the team's own checkout. */
    static final String MIGRATIONS = "mes/prisma/migrations";
    /** The runbook's historical start ("Script default range is 2019-12-01 to now"). */
    static final String COVERAGE_START = "2019-12-01";

    private MesStandIn() {}

    /** The MES team deploys with Prisma Migrate: its folder layout and its _prisma_migrations journal. */
    static MigrationJournal migrations(RunbookContext runbook) {
        java.nio.file.Path folder = runbook.config()
                .setting(runbooks.kit.junit.Settings.MIGRATIONS_DIR)
                .filter(d -> !d.isBlank())
                .map(java.nio.file.Path::of)
                .orElseGet(() -> runbook.config()
                        .sqlFiles()
                        .directory(MIGRATIONS, runbook.config().workDir().resolve("sql")));
        return new PrismaMigrations(runbook.target(), folder);
    }

    /** What the pre-deploy state is built from (locally it is built once per run and copied: {@code runbook.deploy().standIn()}). */
    static final List<String> INPUTS = List.of(MIGRATIONS + "/" + BASELINE_VERSION + "/migration.sql", "mes/fixtures");

    /** Verifies the target, applies the migrations up to the baseline, then loads the source bars. */
    static void prepare(RunbookContext runbook) {
        runbook.deploy()
                .standIn()
                .build(
                        INPUTS,
                        java.util.Map.of(),
                        () -> build(runbook),
                        f -> runbook.target().verify().execute(runbook.sql(f)));
        runbook.target().verify();
    }

    private static void build(RunbookContext runbook) {
        runbook.target().verify();
        migrations(runbook).migrateTo(BASELINE_VERSION);
        loadSourceBars(runbook);
        // Vacuumed and analyzed, as autovacuum keeps the team's long-running database.
        runbook.target().verify().script(new runbooks.kit.sql.SqlFile("vacuum", "VACUUM ANALYZE;"));
    }

    /** Runs every file of {@code sql/mes/fixtures/} in name order (a drill's overlay may add one). */
    static void loadSourceBars(RunbookContext runbook) {
        runbook.deploy()
                .standIn()
                .fixtureFiles("mes/fixtures")
                .forEach(f -> runbook.target().verify().execute(runbook.sql(f)));
    }
}
