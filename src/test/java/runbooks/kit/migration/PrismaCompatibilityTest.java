package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import runbooks.documents.ProjectFolders;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Settings;

/**
 * The kit and Prisma Migrate's own CLI agree on the MES folder and database, both ways, on a failing migration and on an
 * applied migration edited afterwards.
 *
 * <p>The recipe, and why (see {@code ../shared/NOTES.md}): the stock CLI downloads a native schema engine on its first
 * command, from outside the package registries, which these machines cannot reach. {@code prisma@6.19.3} runs with npm
 * packages only in its own {@code engine: "js"} mode (the wasm schema engine bundled in {@code prisma}) with
 * {@code experimental: { adapter: true }} and the driver adapter of {@code @prisma/adapter-pg@7.10.1} (6.19.3's own fails
 * to read a {@code name} column, prisma/orm#27403); {@code PRISMA_QUERY_ENGINE_LIBRARY} must name an existing file (any,
 * it is never loaded). The adapter's {@code executeScript} splits a file on {@code ;} and runs the pieces one by one; the
 * native engine sends the whole {@code migration.sql} as one simple query (one implicit transaction), so the config
 * overrides it to do the same. Installed under {@code target/node-prisma}; skipped, saying why, where node/npm are absent
 * or the registry cannot be reached. Nothing but npm packages is downloaded.
 */
@Tag("node")
class PrismaCompatibilityTest {

    private static final List<String> PACKAGES = List.of("prisma@6.19.3", "@prisma/adapter-pg@7.10.1", "pg@8.16.3");
    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
    private static final Path NODE_DIR = BASEDIR.resolve("target/node-prisma");
    private static final Path MES = BASEDIR.resolve("sql/mes/prisma/migrations");
    private static final String CONFIG = """
            import { defineConfig } from 'prisma/config'
            import { PrismaPg } from '@prisma/adapter-pg'

            // One simple query per migration.sql, as the native schema engine sends it (not split on ';').
            class WholeScriptPg extends PrismaPg {
              async connect() {
                const adapter: any = await super.connect()
                adapter.executeScript = async (script: string) => {
                  try { await adapter.client.query(script) } catch (e) { adapter.onError(e) }
                }
                return adapter
              }
            }

            export default defineConfig({
              experimental: { adapter: true },
              engine: 'js',
              schema: 'prisma/schema.prisma',
              async adapter() { return new WholeScriptPg({ connectionString: process.env.DATABASE_URL }) },
            })
            """;

    @BeforeAll
    static void installPrisma() throws Exception {
        Assumptions.assumeTrue(
                run(List.of("node", "--version"), NODE_DIR.getParent(), Map.of(), 30)
                                .exit()
                        == 0,
                "node is not on the PATH: Prisma's CLI cannot run here");
        if (!Files.isRegularFile(NODE_DIR.resolve("node_modules/prisma/build/index.js"))) {
            Files.createDirectories(NODE_DIR);
            List<String> install = new java.util.ArrayList<>(
                    List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", NODE_DIR.toString()));
            install.addAll(PACKAGES);
            ToolProcess installed = run(install, NODE_DIR, Map.of(), 300);
            Assumptions.assumeTrue(
                    installed.exit() == 0, () -> "npm could not install " + PACKAGES + ": " + installed.output());
        }
        Files.writeString(NODE_DIR.resolve("empty-query-engine"), "");
    }

    private static ToolProcess run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
            throws Exception {
        return ToolProcess.run(command, dir, env, timeoutSeconds);
    }

    /** A Prisma project (config, schema, a copy of {@code migrations}) of its own for {@code target}. */
    private static Path project(String name, Path migrations) throws IOException {
        Path dir = NODE_DIR.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir.resolve("prisma"));
        Files.writeString(dir.resolve("prisma.config.ts"), CONFIG);
        Files.writeString(
                dir.resolve("prisma/schema.prisma"),
                "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n");
        ProjectFolders.copyTree(migrations, dir.resolve("prisma/migrations"));
        return dir;
    }

    private static ToolProcess prisma(Path project, Target target, String... args) throws Exception {
        ConnectionSpec s = target.spec();
        String url = "postgresql://" + s.user()
                + (s.password() == null || s.password().isEmpty() ? "" : ":" + s.password()) + "@" + s.host() + ":"
                + s.port() + "/" + s.database();
        List<String> command = new java.util.ArrayList<>(List.of(
                "node", NODE_DIR.resolve("node_modules/prisma/build/index.js").toString()));
        command.addAll(List.of(args));
        return run(
                command,
                project,
                Map.of(
                        "DATABASE_URL",
                        url,
                        "PRISMA_QUERY_ENGINE_LIBRARY",
                        NODE_DIR.resolve("empty-query-engine").toString(),
                        "PRISMA_HIDE_UPDATE_MESSAGE",
                        "1",
                        "CI",
                        "1"),
                180);
    }

    private static String journal(Target target) {
        return target.read(
                        "journal",
                        "SELECT string_agg(migration_name || ' ' || checksum || ' ' || (finished_at IS NOT NULL) || ' '"
                                + " || applied_steps_count || ' ' || coalesce(logs, '-'), E'\\n' ORDER BY migration_name) AS j FROM _prisma_migrations")
                .single("j");
    }

    private static String schema(Target target) {
        return target.read(
                        "schema",
                        "SELECT string_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ','"
                                + " ORDER BY c.relname, a.attnum) AS s FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                                + " WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND c.relname <> '_prisma_migrations'")
                .single("s");
    }

    @Test
    @DisplayName(
            "the kit deploys the MES folder; prisma migrate status then says up to date and migrate deploy applies nothing")
    void should_leave_nothing_for_prisma_after_the_kit() throws Exception {
        Target target = LocalTargets.fresh("prisma_kit_first");
        assertThat(new PrismaMigrations(target, MES).migrate()).isEqualTo(2);
        String journal = journal(target);
        Path project = project("kit-first", MES);

        ToolProcess status = prisma(project, target, "migrate", "status");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("Database schema is up to date!");
        ToolProcess deploy = prisma(project, target, "migrate", "deploy");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("No pending migrations to apply.");
        assertThat(journal(target))
                .as("_prisma_migrations after prisma migrate deploy")
                .isEqualTo(journal);
    }

    @Test
    @DisplayName(
            "prisma migrate deploy applies the MES folder; the kit then sees the same rows, nothing pending, no problem, the same schema")
    void should_see_nothing_pending_after_prisma() throws Exception {
        Target byPrisma = LocalTargets.fresh("prisma_first");
        ToolProcess deploy = prisma(project("prisma-first", MES), byPrisma, "migrate", "deploy");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        PrismaMigrations kit = new PrismaMigrations(byPrisma, MES);
        assertThat(kit.pendingVersions()).isEmpty();
        assertThat(kit.problems()).isEmpty();
        assertThat(kit.appliedVersions())
                .containsExactly("20260101000000_baseline_mes_1h_1d", "20260227153000_add_mes_4h_1w_tables");

        Target byKit = LocalTargets.fresh("prisma_kit_compare");
        new PrismaMigrations(byKit, MES).migrate();
        assertThat(schema(byPrisma))
                .as("the schema Prisma left, against the kit's")
                .isEqualTo(schema(byKit));
        assertThat(journal(byPrisma).replaceAll("(?m)^(\\S+ \\S+) .*$", "$1"))
                .as("names and checksums in _prisma_migrations")
                .isEqualTo(journal(byKit).replaceAll("(?m)^(\\S+ \\S+) .*$", "$1"));
    }

    @Test
    @DisplayName(
            "a migration that fails halfway: the kit and Prisma leave the same unfinished row, and each then refuses with P3009")
    void should_agree_on_a_failing_migration() throws Exception {
        Path folder = Files.createDirectories(NODE_DIR.resolve("failing-" + System.nanoTime()));
        ProjectFolders.copyTree(MES, folder);
        Path failing = Files.createDirectories(folder.resolve("20260301000000_fails_halfway"));
        Files.writeString(
                failing.resolve("migration.sql"),
                "-- creates a table; the next statement fails; one transaction: nothing stays\n"
                        + "CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;\n");

        Target byKit = LocalTargets.fresh("prisma_fail_kit");
        Throwable kitFailure = catchThrowable(() -> new PrismaMigrations(byKit, folder).migrate());
        assertThat(kitFailure).as("the kit's deploy of a failing migration").isNotNull();
        Target byPrisma = LocalTargets.fresh("prisma_fail_prisma");
        ToolProcess deploy = prisma(project("failing", folder), byPrisma, "migrate", "deploy");
        assertThat(deploy.exit()).as(deploy.output()).isNotZero();

        for (Target t : List.of(byKit, byPrisma)) {
            assertThat(t.read(
                                    "row",
                                    "SELECT (finished_at IS NULL) || ',' || applied_steps_count || ',' || (to_regclass('half_done') IS NULL) AS r"
                                            + " FROM _prisma_migrations WHERE migration_name = '20260301000000_fails_halfway'")
                            .single("r"))
                    .as(
                            "the failed migration's row on %s: unfinished, no step applied, its table rolled back",
                            t.spec().database())
                    .isEqualTo("true,0,true");
        }
        ToolProcess prismaOnKit = prisma(project("failing-after-kit", folder), byKit, "migrate", "deploy");
        assertThat(prismaOnKit.output())
                .as("prisma migrate deploy after the kit's failed deploy")
                .contains("P3009");
        assertThat(new PrismaMigrations(byPrisma, folder).problems())
                .as("the kit after Prisma's failed deploy")
                .singleElement()
                .asString()
                .startsWith("P3009")
                .contains("20260301000000_fails_halfway");
    }

    @Test
    @DisplayName(
            "an applied migration edited afterwards: Prisma's status stays silent, the kit names the migration (it is drift)")
    void should_report_an_edited_migration_where_prisma_is_silent() throws Exception {
        Target target = LocalTargets.fresh("prisma_edited");
        Path project = project("edited", MES);
        ToolProcess deploy = prisma(project, target, "migrate", "deploy");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        Path edited = project.resolve("prisma/migrations/20260227153000_add_mes_4h_1w_tables/migration.sql");
        Files.writeString(edited, Files.readString(edited) + "\n-- edited after it was applied\n");

        ToolProcess status = prisma(project, target, "migrate", "status");
        assertThat(status.output())
                .as("prisma migrate status (its engine knows; the CLI prints nothing of it)")
                .doesNotContain("modified");
        assertThat(new PrismaMigrations(target, project.resolve("prisma/migrations")).problems())
                .singleElement()
                .asString()
                .contains("20260227153000_add_mes_4h_1w_tables")
                .contains("was modified after it was applied");
    }

    @Test
    @DisplayName(
            "mes.migrate.command set to Prisma's own migrate deploy: the MES runbook passes on env=local, its checks unchanged")
    void should_pass_the_mes_runbook_with_prisma_as_the_apply() throws Exception {
        Path project = NODE_DIR.resolve("mes-runbook-" + System.nanoTime());
        Files.createDirectories(project.resolve("prisma"));
        Files.writeString(project.resolve("prisma.config.ts"), CONFIG);
        Files.writeString(
                project.resolve("prisma/schema.prisma"),
                "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n");
        Files.createSymbolicLink(project.resolve("prisma/migrations"), MES.toAbsolutePath());
        String command = "cd " + project.toAbsolutePath() + " && PRISMA_QUERY_ENGINE_LIBRARY="
                + NODE_DIR.resolve("empty-query-engine").toAbsolutePath() + " PRISMA_HIDE_UPDATE_MESSAGE=1 node "
                + NODE_DIR.resolve("node_modules/prisma/build/index.js").toAbsolutePath() + " migrate deploy";
        List<runbooks.kit.junit.Drill.Step> steps = runbooks.kit.junit.Drill.of(
                        Class.forName("runbooks.mes.MesDeployRunbookIT"))
                .with("MES_MIGRATE_COMMAND", command)
                .run();
        assertThat(steps)
                .filteredOn(s -> s.outcome().equals("failed"))
                .as("failed steps")
                .isEmpty();
        assertThat(steps)
                .filteredOn(s -> s.name().startsWith("03.2 "))
                .singleElement()
                .extracting(runbooks.kit.junit.Drill.Step::outcome)
                .isEqualTo("successful");
    }
}
