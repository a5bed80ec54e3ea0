package runbooks.kit.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * The README's "Adding a runbook", done as a new user would: the sample document {@code src/test/resources/scaffold/
 * orders-currency.md} (pre-checks, two psql migrations, a batched backfill, a smoke query, a rollback) scaffolded into
 * a fresh project folder, the stand-in written, the generated class compiled and run on env=local: it passes with the
 * document's Expected lines asserted; a drill fails at the section it targets; a changed document is told with its diff.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Scaffold: a runbook document becomes a runbook class that runs")
class ScaffoldTest {

    private static final Path BASEDIR =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
    private static final Path DOCUMENTS = BASEDIR.resolve("src/test/resources/scaffold");

    @TempDir
    static Path project;

    private Class<?> runbook;
    private Scaffold.Written written;

    @BeforeAll
    void scaffoldAndCompile() throws Exception {
        written = Scaffold.write(DOCUMENTS.resolve("orders-currency.md"), "orders", project);
        // The project a runbook is added to holds the kit's own SQL (sql/kit/), as this repository does.
        try (Stream<Path> kit = Files.list(BASEDIR.resolve("sql/kit"))) {
            Path to = Files.createDirectories(project.resolve("sql/kit"));
            for (Path f : kit.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        // What the team writes by hand: the state the document starts from.
        Files.writeString(project.resolve("sql/orders/standin/01_orders.sql"), """
                CREATE TABLE orders (id bigserial PRIMARY KEY, amount numeric(12, 2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO orders (amount, created_at) SELECT g % 500 + 0.99, now() - make_interval(hours => g) FROM generate_series(1, 2500) g;
                """);
        Path classes = Files.createDirectories(project.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                project.resolve(written.runbookClass()).toString(),
                project.resolve(written.drillsClass()).toString());
        assertThat(rc).as("javac of the scaffolded classes").isZero();
        runbook = new URLClassLoader(
                        new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())
                .loadClass("runbooks.orders.OrdersRunbookIT");
    }

    private Drill drill(Path documents) {
        return Drill.of(runbook)
                .with(Settings.BASEDIR_PROPERTY, project.toString())
                .with(
                        Settings.ENVIRONMENTS_PROPERTY,
                        BASEDIR.resolve("environments").toString())
                .with("runbooks.documents", documents.toString());
    }

    @Test
    @DisplayName(
            "one step per numbered section, in the document's order; a write section's SQL in sql/<id>/ as written")
    void should_write_one_step_per_section() throws Exception {
        assertThat(written.sqlFiles())
                .extracting(Path::toString)
                .containsExactly(
                        "sql/orders/2_migration_042_the_currency_column_and_its_index.sql",
                        "sql/orders/3_migration_043_new_orders_default_to_usd_only_known_currencies.sql",
                        "sql/orders/4_backfill_in_batches.sql",
                        "sql/orders/6_rollback.sql");
        String source = Files.readString(project.resolve(written.runbookClass()));
        assertThat(source)
                .contains(
                        "runbook.checkDocumentSql(\"1\")",
                        "runbook.psql(\"orders/2_migration_042",
                        "runbook.backfillInBatches(",
                        "runbook.checkDocumentSql(\"5\")",
                        "documentSha256 = \"");
        assertThat(Files.readString(project.resolve(written.runbookClass()))
                                .lines()
                                .count()
                        + Files.readString(project.resolve(written.drillsClass()))
                                .lines()
                                .count())
                .as("lines of Java the scaffold writes for a six-section runbook")
                .isLessThan(120);
    }

    @Test
    @DisplayName(
            "the generated class passes on env=local: pre-checks, migrations with CONCURRENTLY, the batched backfill, the smoke query, the rollback")
    void should_pass_on_local() {
        List<Drill.Step> steps = drill(DOCUMENTS).run();
        assertThat(steps)
                .extracting(Drill.Step::name)
                .containsExactly(
                        "00 Local stand-in: sql/orders/standin/",
                        "1 Pre-checks",
                        "2 Migration 042: the currency column and its index",
                        "3 Migration 043: new orders default to USD, only known currencies",
                        "4 Backfill in batches",
                        "5 Smoke query",
                        "6 Rollback");
        assertThat(steps)
                .as("%s", steps)
                .allSatisfy(s -> assertThat(s.outcome()).isEqualTo("successful"));
    }

    @Test
    @DisplayName("a drill: 042 without its index fails at 5, the smoke query's 'Expected: 1 row'")
    void should_fail_the_smoke_query_when_the_index_is_missing() throws Exception {
        Path overlay = project.resolve("drills/no-index/orders");
        Files.createDirectories(overlay);
        Path file = project.resolve(written.sqlFiles().get(0));
        Files.writeString(
                overlay.resolve(file.getFileName()),
                Files.readString(file)
                        .replace(
                                "CREATE INDEX CONCURRENTLY",
                                "-- DRILL DEFECT: no index\n-- CREATE INDEX CONCURRENTLY"));
        assertThat(drill(DOCUMENTS)
                        .with(
                                SqlFiles.OVERLAY_PROPERTY,
                                project.resolve("drills/no-index").toString())
                        .failsAt("5"))
                .contains("statement 3")
                .contains("0 rows where the document expects 1");
    }

    @Test
    @DisplayName("a drill: 042 builds its index without CONCURRENTLY; the safety gate stops 2 before it runs")
    void should_stop_a_locking_migration_at_the_gate() throws Exception {
        Path overlay = Files.createDirectories(project.resolve("drills/locking-index/orders"));
        Path file = project.resolve(written.sqlFiles().get(0));
        Files.writeString(
                overlay.resolve(file.getFileName()),
                Files.readString(file).replace("CREATE INDEX CONCURRENTLY", "CREATE INDEX"));
        assertThat(drill(DOCUMENTS)
                        .with(
                                SqlFiles.OVERLAY_PROPERTY,
                                project.resolve("drills/locking-index").toString())
                        .failsAt("2"))
                .contains("index-without-concurrently");
    }

    @Test
    @DisplayName(
            "a drill: the rollback leaves the currency column behind; 6 fails, the schema not as the deploy found it")
    void should_fail_the_rollback_when_it_leaves_the_column_behind() throws Exception {
        Path overlay = Files.createDirectories(project.resolve("drills/rollback-keeps-column/orders"));
        Path file = project.resolve(written.sqlFiles().get(3));
        Files.writeString(
                overlay.resolve(file.getFileName()),
                Files.readString(file)
                        .replace("ALTER TABLE orders DROP COLUMN currency;", "-- DRILL DEFECT: the column is kept"));
        assertThat(drill(DOCUMENTS)
                        .with(
                                SqlFiles.OVERLAY_PROPERTY,
                                project.resolve("drills/rollback-keeps-column").toString())
                        .failsAt("6"))
                .contains("schema after the rollback against before the deploy")
                .contains("currency");
    }

    @Test
    @DisplayName(
            "a drill: the rollback leaves row-level security on orders; 6 fails, the security surface not as the deploy found it")
    void should_fail_the_rollback_when_it_leaves_row_level_security_on() throws Exception {
        Path overlay = Files.createDirectories(project.resolve("drills/rollback-leaves-rls/orders"));
        Path file = project.resolve(written.sqlFiles().get(3));
        Files.writeString(
                overlay.resolve(file.getFileName()),
                Files.readString(file)
                        + "-- DRILL DEFECT: row-level security left on\nALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n");
        assertThat(drill(DOCUMENTS)
                        .with(
                                SqlFiles.OVERLAY_PROPERTY,
                                project.resolve("drills/rollback-leaves-rls").toString())
                        .failsAt("6"))
                .contains("schema after the rollback against before the deploy")
                .contains("row security orders: added (enabled)");
    }

    @Test
    @DisplayName("a drill: the rollback loses orders; 6 fails, the table's rows not as the deploy found them")
    void should_fail_the_rollback_when_it_loses_rows() throws Exception {
        Path overlay = Files.createDirectories(project.resolve("drills/rollback-loses-rows/orders"));
        Path file = project.resolve(written.sqlFiles().get(3));
        Files.writeString(
                overlay.resolve(file.getFileName()),
                Files.readString(file) + "-- DRILL DEFECT: rows lost\nDELETE FROM orders WHERE id % 100 = 0;\n");
        assertThat(drill(DOCUMENTS)
                        .with(
                                SqlFiles.OVERLAY_PROPERTY,
                                project.resolve("drills/rollback-loses-rows").toString())
                        .failsAt("6"))
                .contains("tables whose rows are not as before the deploy")
                .contains("public.orders: 2500 rows before the deploy, 2475 now");
    }

    @Test
    @DisplayName("the document changed since the class was written: the first step says so, with the diff")
    void should_say_when_the_document_changed() throws Exception {
        Path changed = Files.createDirectories(project.resolve("changed-documents"));
        Files.writeString(
                changed.resolve("orders-currency.md"),
                Files.readString(DOCUMENTS.resolve("orders-currency.md"))
                        .replace("-- Expected: USD", "-- Expected: USD, EUR"));
        assertThat(drill(changed).failsAt("00"))
                .contains("has changed since this class was written")
                .contains("+-- Expected: USD, EUR");
    }

    /** A database of the local cluster configured as a staging (it outlives a run), in the document's starting state. */
    private Drill livingTarget(String name, boolean with042) throws Exception {
        ConnectionSpec db = LocalTargets.cluster().createDatabase(name);
        Path environments = Files.createDirectories(project.resolve("environments-" + name));
        Files.copy(BASEDIR.resolve("environments/local.properties"), environments.resolve("local.properties"));
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\npassword="
                        + (db.password() == null ? "" : db.password()) + "\norders.database=" + db.database()
                        + "\nexpect.orders.database=" + db.database() + "\nrun_lock.wait=5s\n");
        Target target = LocalTargets.on(db);
        target.script(new SqlFile("stand-in", Files.readString(project.resolve("sql/orders/standin/01_orders.sql"))));
        if (with042) {
            target.psql(
                    new SqlFile(
                            "042",
                            Files.readString(project.resolve(written.sqlFiles().get(0)))),
                    java.util.Map.of());
        }
        target.close();
        return drill(DOCUMENTS)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, "")
                .with(
                        Settings.EVIDENCE_ROOT_PROPERTY,
                        project.resolve("evidence-" + name).toString());
    }

    @Test
    @DisplayName(
            "a living target: run 1 deploys, run 2 finds §5 holding and verifies; a target holding 042 alone stops as part-way")
    void should_read_the_deploy_state_off_a_living_target() throws Exception {
        Drill staging = livingTarget("orders_living", false);
        assertThat(staging.run())
                .as("run 1")
                .filteredOn(s -> s.name().startsWith("2 ") || s.name().startsWith("4 "))
                .allSatisfy(s -> assertThat(s.outcome()).isEqualTo("successful"));
        List<Drill.Step> again = staging.run();
        assertThat(again)
                .as("run 2, nothing prepared in between: %s", again)
                .allSatisfy(s -> assertThat(s.outcome()).isIn("successful", "skipped", "aborted"));
        assertThat(again)
                .filteredOn(s -> s.name().startsWith("5 "))
                .extracting(Drill.Step::outcome)
                .containsExactly("successful");
        assertThat(again)
                .filteredOn(s -> s.name().startsWith("2 "))
                .extracting(Drill.Step::detail)
                .singleElement()
                .asString()
                .contains("Verification run");
        assertThat(livingTarget("orders_partway", true).failsAt("1"))
                .contains("neither as the document's §1 expects")
                .contains("nor as its §5 expects");
    }

    @Test
    @DisplayName("the generated drills class compiles and waits for its defect")
    void should_write_a_drills_class() throws Exception {
        try (Stream<String> lines = Files.lines(project.resolve(written.drillsClass()))) {
            assertThat(lines.filter(l -> l.contains("Drill.of(OrdersRunbookIT.class)")))
                    .hasSize(1);
        }
    }
}
