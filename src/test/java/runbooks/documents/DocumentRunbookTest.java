package runbooks.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.document.Declaration;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.junit.DocumentRuns;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * A runbook that is its document, added as a team would add one: the fixture folder {@code
 * src/test/resources/documents/invoices/} (the document, its migrations, its stand-in, a declaration of drills) copied
 * into a fresh project's {@code sql/}, and nothing else touched. It runs on env=local with every expected form of its
 * document asserted; each declared drill fails at its section; on a living target it deploys, then verifies writing
 * nothing; after its first migration was applied by hand it continues; a wrong expected value fails naming both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("A runbook document runs as the test, with no Java of its own")
class DocumentRunbookTest {

    private static final Path BASEDIR =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
    private static final Path FIXTURES = BASEDIR.resolve("src/test/resources/documents");
    private static final Path FIXTURE = FIXTURES.resolve("invoices");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private Path project;
    private final Map<String, ConnectionSpec> databases = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void addTheRunbook() throws IOException {
        // Overlays of an earlier run are numbered as this run's are: start from an empty folder.
        ProjectFolders.deleteTree(BASEDIR.resolve("target/document-runbooks"));
        project = BASEDIR.resolve("target/document-runbooks/project");
        ProjectFolders.copyTree(BASEDIR.resolve("sql/kit"), project.resolve("sql/kit"));
        ProjectFolders.copyTree(FIXTURE, project.resolve("sql/invoices"));
        ProjectFolders.copyTree(FIXTURES.resolve("ledger"), project.resolve("sql/ledger"));
        ProjectFolders.copyTree(FIXTURES.resolve("events"), project.resolve("sql/events"));
        ProjectFolders.copyTree(FIXTURES.resolve("orders_status"), project.resolve("sql/orders_status"));
        Files.createDirectories(project.resolve("environments"));
        Files.copy(BASEDIR.resolve("environments/local.properties"), project.resolve("environments/local.properties"));
    }

    private Drill drill() {
        return drill("invoices");
    }

    private Drill drill(String id) {
        return Drill.of(DocumentRunbooksIT.class)
                .with(Settings.BASEDIR_PROPERTY, project.toString())
                .with(DocumentRuns.ONLY, id);
    }

    /** An overlay of the runbook's folder: {@code relative} with {@code replace} replaced by {@code with}. */
    private Path patched(String relative, String replace, String with) throws IOException {
        return patched("invoices", relative, replace, with);
    }

    private Path patched(String id, String relative, String replace, String with) throws IOException {
        Path overlay = BASEDIR.resolve("target/document-runbooks/overlay-" + RUNS.incrementAndGet());
        Path file = overlay.resolve(id).resolve(relative);
        Files.createDirectories(file.getParent());
        String text = Files.readString(FIXTURES.resolve(id).resolve(relative));
        assertThat(text).as("the drill's text in %s", relative).contains(replace);
        Files.writeString(file, text.replace(replace, with));
        return overlay;
    }

    @Test
    @DisplayName("env=local: every section passes, what only a person can check is listed and not passed")
    void should_pass_on_local() {
        List<Drill.Step> steps = drill().run();
        assertThat(steps)
                .extracting(Drill.Step::name)
                .containsExactly(
                        "1 Pre-checks",
                        "2 Apply 001: the column",
                        "3 Apply 002: its index, built concurrently",
                        "4 Backfill",
                        "5 As the application",
                        "6 Smoke test",
                        "6 Smoke test: for a person",
                        "7 Rollback (only if the deploy must be undone)");
        assertThat(steps)
                .filteredOn(s -> !s.name().endsWith("for a person"))
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isEqualTo("successful"));
        assertThat(steps.get(6).outcome()).isEqualTo("aborted");
        assertThat(steps.get(6).detail()).contains("Check the billing page");
    }

    @Test
    @DisplayName("env=local, a second document: recorded values, settings, JSON, comparisons, commands, transcripts")
    void should_pass_the_ledger_on_local() {
        List<Drill.Step> steps = drill("ledger").run();
        assertThat(steps)
                .extracting(Drill.Step::name)
                .containsExactly("1 Baseline", "2 Apply 010", "3 Verify", "3 Verify: for a person", "4 Rollback");
        assertThat(steps)
                .filteredOn(s -> !s.name().endsWith("for a person") && !s.name().startsWith("3 "))
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isEqualTo("successful"));
        assertThat(steps.get(2).outcome()).as("§3, the corrected section").isEqualTo("aborted");
        assertThat(steps.get(2).detail())
                .startsWith("Runbook defect: §3: the lag query names a column booked")
                .contains("the suite ran `max(booked_at))` in place of `max(booked))`");
        assertThat(steps.get(3).detail()).contains("curl -fsS").contains("Confirm the finance dashboard");
    }

    @Test
    @DisplayName(
            "a drizzle document: its `drizzle-kit migrate` through drizzle's journal; `drizzle-kit down` a document defect")
    void should_run_the_teams_tool() {
        List<Drill.Step> steps = drill("events").run();
        assertThat(steps)
                .extracting(Drill.Step::name)
                .containsExactly(
                        "3 Pre-apply checks",
                        "3 Pre-apply checks: for a person",
                        "4 Apply",
                        "5 Validation",
                        "6 Rollback Plan");
        assertThat(steps.subList(2, 4))
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isEqualTo("successful"));
        assertThat(steps.get(0).outcome()).isEqualTo("successful");
        assertThat(steps.get(1).detail()).contains("pnpm drizzle-kit check");
        assertThat(steps.get(4).outcome()).isEqualTo("aborted");
        assertThat(steps.get(4).detail()).startsWith("Runbook defect: drizzle-kit has no `down` command");
    }

    /**
     * The drills every document runbook's declaration lists, the fixtures' and those under {@code sql/}: each must fail
     * exactly at its section. A team adding a runbook adds its drills to its declaration, and they run here.
     */
    @TestFactory
    @DisplayName("each drill a declaration lists fails at its section, and only there")
    Stream<DynamicTest> drills() throws IOException {
        List<Path[]> runbooks = new java.util.ArrayList<>();
        for (String id : List.of("invoices", "ledger", "events", "orders_status")) {
            runbooks.add(new Path[] {FIXTURES.resolve(id), project});
        }
        try (Stream<Path> sql = Files.list(BASEDIR.resolve("sql"))) {
            sql.filter(d -> Files.isRegularFile(d.resolve(Declaration.FILE)))
                    .sorted()
                    .forEach(d -> runbooks.add(new Path[] {d, BASEDIR}));
        }
        // -Drunbooks.documents.only=<id>[,<id>]: the drills of those runbooks alone.
        List<String> only = java.util.Optional.ofNullable(System.getProperty(DocumentRuns.ONLY))
                .map(o -> List.of(o.split("\\s*,\\s*")))
                .orElse(List.of());
        return runbooks.stream()
                .filter(r -> only.isEmpty() || only.contains(r[0].getFileName().toString()))
                .flatMap(r -> {
                    Path folder = r[0];
                    String id = folder.getFileName().toString();
                    Declaration declaration = Declaration.read(folder.resolve(Declaration.FILE));
                    return declaration.drillList().stream()
                            .map(d -> DynamicTest.dynamicTest(id + " " + d.failsAt() + ": " + d.name(), () -> {
                                Path overlay =
                                        BASEDIR.resolve("target/document-runbooks/overlay-" + RUNS.incrementAndGet());
                                Path file = d.standInSql() != null
                                        ? overlay.resolve(id + "/" + declaration.standInFolder() + "/99_drill.sql")
                                        : overlay.resolve(id).resolve(d.file());
                                Files.createDirectories(file.getParent());
                                if (d.standInSql() != null) {
                                    Files.writeString(file, d.standInSql() + "\n");
                                } else {
                                    String text = Files.readString(folder.resolve(d.file()));
                                    assertThat(text)
                                            .as("the drill's text in %s", d.file())
                                            .contains(d.replace());
                                    Files.writeString(
                                            file, text.replace(d.replace(), d.with() == null ? "" : d.with()));
                                }
                                try {
                                    Drill.of(DocumentRunbooksIT.class)
                                            .with(Settings.BASEDIR_PROPERTY, r[1].toString())
                                            .with(DocumentRuns.ONLY, id)
                                            .with(SqlFiles.OVERLAY_PROPERTY, overlay.toString())
                                            .failsAt(d.failsAt());
                                } catch (AssertionError e) {
                                    throw new AssertionError(
                                            "Drill '" + d.name() + "' of " + id + " (" + Declaration.FILE
                                                    + ") did not fail at" + " exactly §" + d.failsAt() + ": "
                                                    + e.getMessage(),
                                            e);
                                }
                            }));
                });
    }

    @Test
    @DisplayName("every section that writes or checks has a drill in its declaration")
    void should_drill_every_step() throws IOException {
        List<Path> folders;
        try (Stream<Path> fixtures = Files.list(FIXTURES);
                Stream<Path> sql = Files.list(BASEDIR.resolve("sql"))) {
            folders = Stream.concat(fixtures, sql)
                    .filter(d -> Files.isRegularFile(d.resolve(Declaration.FILE)))
                    .toList();
        }
        assertThat(folders).isNotEmpty();
        for (Path folder : folders) {
            Declaration declaration = Declaration.read(folder.resolve(Declaration.FILE));
            List<String> drilled = declaration.drillList().stream()
                    .map(Declaration.DrillSpec::failsAt)
                    .toList();
            List<DocumentSections.Section> sections = DocumentSections.read(
                    declaration.corrected(Files.readString(folder.resolve(declaration.documentFile()))), f -> "");
            // A section the declaration corrects is reported as a runbook document defect, never passed: no drill.
            assertThat(sections)
                    .filteredOn(s -> declaration.defect(s).isEmpty())
                    .filteredOn(s -> s.hasChecks()
                            || declaration.writes(s)
                            || (declaration.isRollback(s) && !s.units().isEmpty()))
                    .extracting(DocumentSections.Section::number)
                    .as("sections of %s that write or check", folder.getFileName())
                    .allSatisfy(n -> assertThat(drilled)
                            .as("drills of %s", folder.getFileName())
                            .contains(n));
        }
    }

    @Test
    @DisplayName(
            "a wrong expected value fails at its section, naming what the document expects and what the database has")
    void should_name_expected_and_actual() throws IOException {
        Path overlay = patched("runbook.md", " EUR      |  2000", " EUR      |  2001");
        String failure =
                drill().with(SqlFiles.OVERLAY_PROPERTY, overlay.toString()).failsAt("6");
        assertThat(failure)
                .contains("expected (document)")
                .contains("2001")
                .contains("actual (database)")
                .contains("2000");
    }

    @Test
    @DisplayName("a living target: run 1 deploys, run 2 verifies and writes nothing; after 001 by hand a run continues")
    void should_deploy_verify_and_continue_on_a_living_target() throws IOException {
        Drill staging = living("invoices_doc_living", false);
        assertThat(staging.run())
                .as("run 1")
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isIn("successful", "aborted"))
                .filteredOn(s -> s.name().startsWith("2 ") || s.name().startsWith("4 "))
                .allSatisfy(s -> assertThat(s.outcome()).isEqualTo("successful"));
        String before = fingerprint("invoices_doc_living");
        List<Drill.Step> again = staging.run();
        assertThat(again)
                .as("run 2")
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isIn("successful", "aborted"));
        assertThat(again)
                .filteredOn(s -> s.name().startsWith("1 "))
                .singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("The state before the deploy"));
        assertThat(fingerprint("invoices_doc_living"))
                .as("the target after the verification run")
                .isEqualTo(before);

        assertThat(living("invoices_doc_partway", true).run())
                .as("a target holding 001 alone")
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isIn("successful", "aborted"))
                .filteredOn(s -> s.name().startsWith("3 ") || s.name().startsWith("4 "))
                .allSatisfy(s -> assertThat(s.outcome()).isEqualTo("successful"));
    }

    @Test
    @DisplayName("a document as a team wrote it: announce and hand-off for a person, a loop replaced by the declaration"
            + " and gated as psql sends it, `(0 rows)` and reads checked")
    void should_run_a_team_document_on_local() {
        List<Drill.Step> steps = drill("orders_status").run();
        assertThat(steps)
                .extracting(Drill.Step::name)
                .containsExactly(
                        "1 Pre-checks",
                        "2 Announce: for a person",
                        "3 Add the column and constraint",
                        "4 Backfill status in id ranges",
                        "5 Validate the constraint",
                        "6 Index for the pending-orders queue",
                        "7 Post-checks & hand-off",
                        "7 Post-checks & hand-off: for a person",
                        "8 Rollback",
                        "8 Rollback: for a person");
        assertThat(steps)
                .filteredOn(s -> s.name().matches("[1356] .*|7 Post-checks & hand-off|8 Rollback"))
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isEqualTo("successful"));
        assertThat(steps.get(3).outcome())
                .as("§4, the loop the declaration replaced")
                .isEqualTo("aborted");
        assertThat(steps.get(3).detail()).startsWith("Runbook defect: §4: the loop runs 002");
        assertThat(steps.get(1).detail()).contains("Post in #db-changes").contains("Wait for a");
        assertThat(steps.get(7).detail())
                .contains("should roughly match")
                .contains("post \"CHG-4821 done\" in #db-changes and close the ticket");
    }

    @Test
    @DisplayName("a query with no expectation is still run: one that errors fails its section")
    void should_fail_a_read_that_errors() throws IOException {
        Path overlay = patched(
                "orders_status",
                "runbook.md",
                "SELECT status, count(*) FROM orders GROUP BY status ORDER BY status;",
                "SELECT status, count(*) / 0 FROM orders GROUP BY status ORDER BY status;");
        String failure = drill("orders_status")
                .with(SqlFiles.OVERLAY_PROPERTY, overlay.toString())
                .failsAt("7");
        assertThat(failure).contains("division by zero");
    }

    @Test
    @DisplayName("a living target of a document whose later section changes an earlier check (NOT VALID, then"
            + " validated): run 2 verifies, naming the intermediate state; drift in a check that holds fails")
    void should_verify_a_deploy_whose_later_sections_change_earlier_checks() throws IOException {
        Drill staging = living("orders_status", "orders_doc_living", null);
        assertThat(staging.run())
                .as("run 1, the deploy")
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isIn("successful", "aborted"))
                .filteredOn(s -> s.name().matches("[356] .*"))
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isEqualTo("successful"));
        List<Drill.Step> again = staging.run();
        assertThat(again)
                .as("run 2, the verification")
                .allSatisfy(s -> assertThat(s.outcome()).as(s.toString()).isIn("successful", "aborted"));
        assertThat(again)
                .filteredOn(s -> s.name().startsWith("3 "))
                .singleElement()
                .satisfies(s -> assertThat(s.outcome())
                        .as("§3: its default and nullability still checked")
                        .isEqualTo("successful"));

        try (Target target = LocalTargets.on(databases.get("orders_doc_living"))) {
            target.verify()
                    .psql(new SqlFile("drift", "ALTER TABLE orders ALTER COLUMN status DROP NOT NULL;"), Map.of());
        }
        assertThat(staging.run())
                .as("run 3, after the column lost NOT NULL by hand")
                .filteredOn(s -> s.name().startsWith("3 "))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.outcome()).isEqualTo("failed");
                    assertThat(s.detail()).contains("expected (document)").contains("NO");
                });
    }

    @Test
    @DisplayName(
            "the variable names another database than the folder declares: stopped before any write, nothing written")
    void should_stop_on_the_wrong_database() throws IOException {
        Drill staging = living("invoices_doc_expected", false);
        ConnectionSpec decoy = LocalTargets.cluster().createDatabase("invoices_doc_decoy");
        List<Drill.Step> steps =
                staging.with("STAGING_INVOICES_DATABASE", decoy.database()).run();
        assertThat(steps.get(0).outcome()).isEqualTo("failed");
        assertThat(steps.get(0).detail())
                .startsWith("Wrong database targeted, stopping before any write")
                .contains(decoy.database());
        assertThat(steps.subList(1, steps.size()))
                .allSatisfy(s -> assertThat(s.outcome()).isEqualTo("aborted"));
        try (Target target = LocalTargets.on(decoy)) {
            assertThat(target.read(
                                    "relations",
                                    "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")
                            .values())
                    .as("relations written to the wrong database")
                    .containsExactly(List.of("0"));
        }
    }

    /**
     * A database of the local cluster configured as a staging (it outlives a run), in the document's starting state. As a
     * team would: the environment file says how to reach the server and nothing of this runbook; the runbook's folder
     * declares what its staging database must be, and the variable STAGING_INVOICES_DATABASE names it.
     */
    private Drill living(String name, boolean with001) throws IOException {
        return living("invoices", name, with001 ? "migrations/001_invoices_currency.sql" : null);
    }

    /** {@code id}'s document on a living target in its stand-in's state, {@code byHand} (a file) applied by hand. */
    private Drill living(String id, String name, String byHand) throws IOException {
        Path fixture = FIXTURES.resolve(id);
        ConnectionSpec db = LocalTargets.cluster().createDatabase(name);
        databases.put(name, db);
        Path own = BASEDIR.resolve("target/document-runbooks/" + name);
        ProjectFolders.copyTree(BASEDIR.resolve("sql/kit"), own.resolve("sql/kit"));
        ProjectFolders.copyTree(fixture, own.resolve("sql/" + id));
        Files.writeString(
                own.resolve("sql/" + id + "/runbook.yaml"),
                "\nenvironments:\n  staging:\n    expect.database: " + db.database() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path environments = Files.createDirectories(own.resolve("environments"));
        Files.copy(BASEDIR.resolve("environments/local.properties"), environments.resolve("local.properties"));
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\npassword="
                        + (db.password() == null ? "" : db.password()) + "\nrun_lock.wait=5s\n");
        try (Target target = LocalTargets.on(db)) {
            try (var standIn = Files.list(fixture.resolve("standin"))) {
                for (Path f : standIn.sorted().toList()) {
                    target.verify().psql(new SqlFile("stand-in", Files.readString(f)), Map.of());
                }
            }
            if (byHand != null) {
                target.verify()
                        .psql(new SqlFile(byHand + " by hand", Files.readString(fixture.resolve(byHand))), Map.of());
            }
        }
        return Drill.of(DocumentRunbooksIT.class)
                .with(Settings.BASEDIR_PROPERTY, own.toString())
                .with(DocumentRuns.ONLY, id)
                .with("env", "staging")
                .with("STAGING_" + id.toUpperCase(java.util.Locale.ROOT) + "_DATABASE", db.database())
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, "")
                .with(Settings.EVIDENCE_ROOT_PROPERTY, own.resolve("evidence").toString());
    }

    private String fingerprint(String database) {
        try (Target target = LocalTargets.on(databases.get(database))) {
            return target.read(
                            "fingerprint",
                            "SELECT md5(string_agg(i::text, ',' ORDER BY id)) || ':' || (SELECT count(*) FROM pg_indexes"
                                    + " WHERE tablename = 'invoices') || ':' || (SELECT n_tup_upd + n_tup_ins + n_tup_del FROM"
                                    + " pg_stat_user_tables WHERE relname = 'invoices') FROM invoices i")
                    .values()
                    .get(0)
                    .get(0);
        }
    }
}
