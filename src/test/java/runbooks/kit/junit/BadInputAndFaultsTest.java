package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * Bad input and faults an operator meets (issue 31), each run on the local cluster the suite starts: the first line
 * the user sees, the report category it is filed under, and where no write was due, that none happened.
 */
class BadInputAndFaultsTest {

    static final String SAFETY_STOP = "Safety stop: nothing written";

    /** When this class began: what it writes under target/ is what changed since. */
    private static final long STARTED = System.currentTimeMillis();

    /** Every password the cases below give the suite; none may land under target/. */
    private static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @org.junit.jupiter.api.AfterAll
    static void no_secret_under_target() throws IOException {
        Path target =
                Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).resolve("target");
        java.util.List<String> leaks = new java.util.ArrayList<>();
        try (var files = Files.walk(target)) {
            // Compiled classes hold the literals of the sources they were compiled from (these cases' own passwords),
            // whenever a build compiles them (CI's copy of the tree for staging does so beside this test).
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".class"))
                    .filter(f -> f.toFile().lastModified() >= STARTED - 1000)
                    .filter(f -> f.toFile().length() < 20_000_000)
                    .toList()) {
                String text;
                try {
                    text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException gone) {
                    continue; // removed while walking (a drill's work folder)
                }
                SECRETS.stream()
                        .filter(text::contains)
                        .forEach(secret -> leaks.add(f + " holds " + secret.charAt(0) + "..."));
            }
        } catch (java.io.UncheckedIOException gone) {
            // a folder removed while walking
        }
        assertThat(leaks)
                .as("files under target/ holding a password these cases gave")
                .isEmpty();
    }

    @TempDir
    Path environments;

    @TempDir
    Path stagingEvidence;

    @TempDir
    Path elsewhere;

    private ConnectionSpec environmentFor(String env, String extra) throws IOException {
        ConnectionSpec db = LocalTargets.cluster().createDatabase("h_faults_" + env);
        Files.writeString(
                environments.resolve(env + ".properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user()
                        + "\npassword=" + (db.password() == null ? "" : db.password()) + "\nprobe.database="
                        + db.database()
                        + "\nexpect.probe.database=" + db.database() + "\n" + extra);
        return db;
    }

    private static boolean written(ConnectionSpec db) {
        return !LocalTargets.on(db)
                .read("tables", "SELECT count(*)::text AS n FROM pg_class WHERE relname = 'confirmed'")
                .single("n")
                .equals("0");
    }

    @Nested
    @DisplayName("Production's promotion record is checked for what it claims (point 1)")
    class PromotionRecordClaims {

        /** A passing staging run's record, copied elsewhere and edited by {@code edit}. */
        private Path stagingRecordEdited(UnaryOperator<String> edit) throws IOException {
            environmentFor("staging", "promotion.records=true\n");
            var staging = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .with(Settings.EVIDENCE_PROPERTY, stagingEvidence.toString())
                    .run();
            assertThat(staging).extracting(Drill.Step::outcome).containsExactly("successful");
            Path copy = elsewhere.resolve("promotion.json");
            Files.writeString(copy, edit.apply(Files.readString(stagingEvidence.resolve("promotion.json"))));
            return copy;
        }

        /** Production with {@code record}: the first failing step's, with the production database unwritten. */
        private Drill.Step productionWith(Path record) throws IOException {
            ConnectionSpec production =
                    environmentFor("production", "promotion.required=true\npromotion.record=" + record + "\n");
            Drill.Step refused = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                    .with("env", "production")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .failingStep("01");
            assertThat(written(production)).as("a write on production").isFalse();
            assertThat(ReportCategory.of(refused.thrown())).isEqualTo(SAFETY_STOP);
            assertThat(refused.detail()).doesNotContain("\n");
            return refused;
        }

        @Test
        @DisplayName("a record of a run on another environment than staging is refused, naming both")
        void should_refuse_a_record_of_another_environment() throws IOException {
            Path record =
                    stagingRecordEdited(r -> r.replace("\"environment\" : \"staging\"", "\"environment\" : \"local\""));
            assertThat(productionWith(record).detail())
                    .isEqualTo(
                            "Refusing to write on production: the staging record " + record
                                    + " is of a run on 'local', not on staging as production requires (promotion.environment).");
        }

        @Test
        @DisplayName("a record that says it finished in the future is refused")
        void should_refuse_a_record_finished_in_the_future() throws IOException {
            Path record = stagingRecordEdited(
                    r -> r.replaceAll("\"finished_at\" : \"[^\"]+\"", "\"finished_at\" : \"2031-01-01T00:00:00Z\""));
            assertThat(productionWith(record).detail())
                    .isEqualTo("Refusing to write on production: the staging record " + record
                            + " says its run finished at 2031-01-01T00:00:00Z, which is in the future.");
        }

        @Test
        @DisplayName("a record whose evidence folder does not exist is refused")
        void should_refuse_a_record_without_its_evidence() throws IOException {
            Path record = stagingRecordEdited(
                    r -> r.replaceAll("\"evidence\" : \"[^\"]+\"", "\"evidence\" : \"/nonexistent/evidence\""));
            assertThat(productionWith(record).detail())
                    .isEqualTo("Refusing to write on production: the staging record " + record
                            + " names the evidence folder /nonexistent/evidence, which does not exist.");
        }

        @Test
        @DisplayName("a record whose evidence folder fails its SHA256SUMS is refused, naming the file")
        void should_refuse_a_record_whose_evidence_was_changed() throws IOException {
            Path record = stagingRecordEdited(r -> r);
            Files.writeString(
                    stagingEvidence.resolve("apply-log.md"), "\nedited\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(productionWith(record).detail())
                    .startsWith("Refusing to write on production: the staging record " + record
                            + " names the evidence folder " + stagingEvidence
                            + ", which fails its SHA256SUMS (apply-log.md: changed since the run");
        }

        @Test
        @DisplayName("a record whose evidence folder's apply log has no passing entry is refused")
        void should_refuse_a_record_whose_apply_log_did_not_pass() throws IOException {
            Path record = stagingRecordEdited(r -> r);
            Path log = stagingEvidence.resolve("apply-log.md");
            Files.writeString(log, Files.readString(log).replace("- Outcome: passed", "- Outcome: FAILED"));
            EvidenceFolder.open(stagingEvidence, stagingEvidence).finish("");
            assertThat(productionWith(record).detail())
                    .isEqualTo("Refusing to write on production: the staging record " + record
                            + " names the evidence folder " + stagingEvidence
                            + ", whose apply-log.md has no entry with \"Outcome: passed\".");
        }

        @Test
        @DisplayName("a record edited after its run (no longer the copy its evidence folder holds) is refused")
        void should_refuse_a_record_that_differs_from_its_evidence() throws IOException {
            Path record = stagingRecordEdited(
                    r -> r.replace("\"outcome\" : \"passed\"", "\"outcome\" : \"passed\", \"note\" : \"x\""));
            assertThat(productionWith(record).detail())
                    .isEqualTo("Refusing to write on production: the staging record " + record
                            + " differs from the promotion.json its evidence folder " + stagingEvidence + " holds.");
        }
    }

    @Runbook(id = "probe", document = "none")
    static class LeakyRunbook {
        private final RunbookContext runbook;

        LeakyRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 A SQL error quoting the password")
        void sqlError() {
            runbook.target().verify();
            try {
                runbook.target()
                        .query(new runbooks.kit.sql.SqlFile(
                                "quote", "SELECT '" + runbook.target().spec().password() + "'::int AS n;"));
            } catch (RuntimeException e) {
                runbooks.kit.evidence.Evidence.text("the SQL error", e.getMessage());
            }
        }

        @Test
        @DisplayName("02 A team command with a debug line printing its environment")
        void command() {
            new runbooks.kit.command.ConfiguredCommand(
                            "probe.smoke.command",
                            "echo \"debug: DEBUG_LINE=$DEBUG_LINE\"; exit 3",
                            java.time.Duration.ofSeconds(30),
                            runbook.config().basedir())
                    .withEnvironment(java.util.Map.of(
                            "DEBUG_LINE", runbook.target().spec().password()))
                    .run()
                    .requireSuccess("the smoke command");
        }
    }

    @Test
    @DisplayName(
            "point 2: a password a team command prints, or a SQL error quotes, reaches no attachment, evidence file,"
                    + " failure message or console line: each shows *** in its place")
    void should_mask_every_secret_in_what_the_suite_captures() throws IOException {
        String password = "pw-" + java.util.UUID.randomUUID();
        SECRETS.add(password);
        ConnectionSpec db = LocalTargets.cluster().createDatabase("h_faults_mask");
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\npassword=" + password
                        + "\nprobe.database=" + db.database() + "\nexpect.probe.database=" + db.database() + "\n");
        long started = System.currentTimeMillis();
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        runbooks.kit.env.MaskingPrintStream.install();
        java.util.List<Drill.Step> steps;
        System.setOut(new java.io.PrintStream(console, true));
        try {
            runbooks.kit.env.MaskingPrintStream.install();
            steps = Drill.of(LeakyRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .with(Settings.EVIDENCE_PROPERTY, stagingEvidence.toString())
                    .run();
            System.out.println("console: the command printed DEBUG_LINE=" + password);
        } finally {
            System.setOut(out);
        }
        Drill.Step failed = steps.get(1);
        assertThat(failed.outcome()).isEqualTo("failed");
        assertThat(failed.detail())
                .startsWith("the smoke command ended with exit code 3")
                .contains("debug: DEBUG_LINE=***")
                .doesNotContain(password);
        assertThat(console.toString()).contains("DEBUG_LINE=***").doesNotContain(password);
        java.util.List<String> leaks = new java.util.ArrayList<>();
        Path results = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."))
                .resolve(System.getProperty("allure.results.directory", "target/allure-results"));
        for (Path dir : java.util.List.of(results, stagingEvidence)) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    for (Path f : files.filter(Files::isRegularFile)
                            .filter(f -> f.toFile().lastModified() >= started - 1000)
                            .toList()) {
                        if (Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                                .contains(password)) {
                            leaks.add(f.toString());
                        }
                    }
                }
            }
        }
        assertThat(leaks).as("files holding the password").isEmpty();
        try (var files = Files.walk(stagingEvidence)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }))
                    .as("the evidence shows where the secrets were")
                    .anySatisfy(t -> assertThat(t).contains("debug: DEBUG_LINE=***"))
                    .anySatisfy(t -> assertThat(t).contains("\"***\""));
        }
    }

    @Nested
    @DisplayName(
            "Connection strings in the forms the README promises, read as libpq and PgJDBC read them (points 3, 6)")
    class ConnectionStrings {

        @Test
        @DisplayName("a JDBC URL with user and password as parameters reaches the database, and the run writes")
        void should_connect_with_a_jdbc_url() throws IOException {
            SECRETS.add("pw/jdbc-1x");
            SECRETS.add("pw%2Fjdbc-1x");
            ConnectionSpec db = LocalTargets.cluster().createDatabase("h_faults_jdbc");
            Files.writeString(
                    environments.resolve("staging.properties"),
                    "probe.database_url=jdbc:postgresql://localhost:" + db.port() + "/" + db.database() + "?user="
                            + db.user() + "&password=pw%2Fjdbc-1x&sslmode=disable\nexpect.probe.database="
                            + db.database() + "\n");
            var run = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .run();
            assertThat(run).extracting(Drill.Step::outcome).containsExactly("successful");
            assertThat(written(db)).isTrue();
        }

        @Test
        @DisplayName(
                "JDBC, libpq URL (parameters, percent-encoding) and key=value (quotes, escapes) give the same parts")
        void should_read_the_three_forms() {
            ConnectionSpec jdbc = ConnectionSpec.fromUrl(
                    "staging", "jdbc:postgresql://db.internal:6543/metering?user=deployer&password=p%2Fw%20x", "app");
            ConnectionSpec url = ConnectionSpec.fromUrl(
                    "staging", "postgresql://db.internal:6543/metering?user=deployer&password=p%2Fw%20x", "app");
            ConnectionSpec keyValue = ConnectionSpec.fromUrl(
                    "staging", "host=db.internal port = 6543 dbname=metering user=deployer password='p/w x'", "app");
            for (ConnectionSpec spec : java.util.List.of(jdbc, url, keyValue)) {
                assertThat(spec)
                        .extracting(
                                ConnectionSpec::host,
                                ConnectionSpec::port,
                                ConnectionSpec::database,
                                ConnectionSpec::user,
                                ConnectionSpec::password)
                        .containsExactly("db.internal", 6543, "metering", "deployer", "p/w x");
            }
            assertThat(ConnectionSpec.fromUrl("staging", "host=h user=u password=it\\'s\\ ok", "app")
                            .password())
                    .isEqualTo("it's ok");
            assertThat(ConnectionSpec.fromUrl("staging", "host=h user=u password='a \\'b\\''", "app")
                            .password())
                    .isEqualTo("a 'b'");
        }

        @Test
        @DisplayName("a raw / in a URL password is one sentence saying to percent-encode it, without the password")
        void should_say_to_percent_encode_a_slash() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectionSpec.fromUrl(
                            "staging", "postgres://deployer:se/cret9@db.internal:5432/metering", "app"))
                    .isInstanceOf(runbooks.kit.env.ConfigurationException.class)
                    .hasMessage("The database URL for staging could not be read: its password (or user) holds a raw"
                            + " '/', which ends the host part of a URL; percent-encode it as %2F; write it as"
                            + " postgres://user:password@host:port/database,"
                            + " jdbc:postgresql://host:port/database?user=...&password=..., or host=... port=..."
                            + " dbname=... user=... password=... (it is not shown here: it may hold a password).")
                    .hasMessageNotContaining("cret9");
        }

        @Test
        @org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_PROPERTIES)
        @DisplayName("a JDBC URL's password parameter and a key=value password leave the system properties (point 3)")
        void should_move_jdbc_and_key_value_passwords_out_of_system_properties() {
            SECRETS.addAll(java.util.List.of("pw-jdbc-3", "pw-kv-4"));
            System.setProperty("H_FAULTS_JDBC_URL", "jdbc:postgresql://h:5432/db?user=u&password=pw-jdbc-3");
            System.setProperty("H_FAULTS_CONNINFO", "host=h dbname=db user=u password=pw-kv-4");
            assertThat(runbooks.kit.env.Secrets.takeFromSystemProperties())
                    .contains("H_FAULTS_JDBC_URL", "H_FAULTS_CONNINFO");
            assertThat(System.getProperties().toString())
                    .doesNotContain("pw-jdbc-3")
                    .doesNotContain("pw-kv-4");
            assertThat(runbooks.kit.env.Secrets.mask("password=pw-jdbc-3 and pw-kv-4"))
                    .isEqualTo("password=*** and ***");
        }
    }

    @Nested
    @DisplayName("The env file read as the shell's set -a && source reads it (point 5)")
    class EnvFileAsTheShellReadsIt {

        private java.util.function.Function<String, java.util.Optional<String>> sourced(byte[] content)
                throws IOException {
            Files.write(elsewhere.resolve(".env.h31.local"), content);
            return runbooks.kit.env.Environment.defaultVariables(elsewhere, "h31");
        }

        @Test
        @DisplayName("a BOM, CRLF, export, comments, quotes and a # inside quotes mean what they mean to the shell")
        void should_read_what_users_and_dotenv_write() throws IOException {
            var variables = sourced(("\uFEFF# staging, written on Windows\r\n"
                            + "export H31_HOST=\"db.internal\" # the primary\r\n"
                            + "H31_PASSWORD='p#ss w0rd'\r\n"
                            + "H31_USER=deployer # who deploys\r\n"
                            + "H31_DB=\"mes#1\"\r\n"
                            + "H31_URL=\"postgres://${H31_USER}@${H31_HOST}/mes\"\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(variables.apply("H31_HOST")).contains("db.internal");
            assertThat(variables.apply("H31_PASSWORD")).contains("p#ss w0rd");
            assertThat(variables.apply("H31_USER")).contains("deployer");
            assertThat(variables.apply("H31_DB")).contains("mes#1");
            assertThat(variables.apply("H31_URL")).contains("postgres://deployer@db.internal/mes");
        }

        @Test
        @DisplayName("a quote never closed is one sentence naming the line, without its words")
        void should_name_the_line_of_an_unclosed_quote() {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> sourced("H31_HOST=db\nH31_PASSWORD='hunter2-secret\n"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isInstanceOf(runbooks.kit.env.ConfigurationException.class)
                    .hasMessageStartingWith(".env.h31.local line 2 has a quote that is never closed")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Nested
    @DisplayName("First lines that say what is wrong (points 7, 8, 13)")
    class FirstLines {

        @Test
        @DisplayName("an empty -Denv= is refused in one sentence, not run as local")
        void should_refuse_an_empty_env() {
            String message = Drill.of(BadInputTest.ProbeRunbook.class)
                    .with("env", "")
                    .with(Settings.EVIDENCE_PROPERTY, "")
                    .with(
                            Settings.EVIDENCE_ROOT_PROPERTY,
                            elsewhere.resolve("evidence").toString())
                    .failsAt("01");
            assertThat(message)
                    .isEqualTo("-Denv= is empty (a shell variable that is not set?): name the environment, e.g."
                            + " -Denv=staging, or leave -Denv out to run on local.");
        }

        @Test
        @DisplayName("a space typed inside a key is named by its line, not told as an unstated expected database")
        void should_name_a_space_inside_a_key() throws IOException {
            Files.writeString(
                    environments.resolve("staging.properties"),
                    "host=localhost\nuser=u\nmes.database=d\nexpect.mes .database=d\n");
            String message = Drill.of(BadInputTest.ProbeRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .failsAt("01");
            assertThat(message)
                    .isEqualTo("environments/staging.properties line 4: the key 'expect.mes .database' has a space in"
                            + " it (Java reads the key 'expect.mes'); remove the space.");
        }

        @Test
        @DisplayName("an environment file saved in Latin-1 is named by its line and its encoding")
        void should_name_a_latin1_line() throws IOException {
            Files.write(
                    environments.resolve("staging.properties"),
                    "host=localhost\n# r\u00e9sum\u00e9 of the server\nuser=u\n"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String message = Drill.of(BadInputTest.ProbeRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .failsAt("01");
            assertThat(message)
                    .isEqualTo("environments/staging.properties line 2 is not valid UTF-8: the file was saved in"
                            + " another encoding (Latin-1 or Windows-1252, say, for an accented letter); save it as"
                            + " UTF-8.");
        }

        @Test
        @DisplayName("an env file saved in Latin-1 is named by its line and its encoding")
        void should_name_a_latin1_line_of_the_env_file() throws IOException {
            Files.write(
                    elsewhere.resolve(".env.h31.local"),
                    "H31_HOST=db\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> runbooks.kit.env.Environment.defaultVariables(elsewhere, "h31"))
                    .hasMessage(".env.h31.local line 2 is not valid UTF-8: the file was saved in another encoding"
                            + " (Latin-1 or Windows-1252, say, for an accented letter); save it as UTF-8.");
        }

        @Test
        @DisplayName("a wrong target is a safety stop in the report, not a deployment defect, and nothing is written")
        void should_file_a_wrong_target_as_a_safety_stop() throws IOException {
            ConnectionSpec db = LocalTargets.cluster().createDatabase("h_faults_decoy");
            Files.writeString(
                    environments.resolve("staging.properties"),
                    "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\nprobe.database=" + db.database()
                            + "\nexpect.probe.database=the_intended_one\n");
            Drill.Step stopped = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                    .with("env", "staging")
                    .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                    .failingStep("01");
            assertThat(stopped.detail())
                    .startsWith("Wrong database targeted, stopping before any write: database:"
                            + " expected the_intended_one, connected to " + db.database());
            assertThat(ReportCategory.of(stopped.thrown())).isEqualTo(SAFETY_STOP);
            assertThat(written(db)).isFalse();
        }
    }

    @Test
    @DisplayName(
            "point 9: an empty deploy migration is refused by the gate (step 02), before any write, in one sentence")
    void should_refuse_an_empty_migration_at_the_gate() throws ClassNotFoundException {
        String message = Drill.of(Class.forName("runbooks.mes.MesDeployRunbookIT"))
                .overlay("mes/empty-migration")
                .failsAt("02");
        assertThat(message)
                .startsWith("The deploy migration 20260227153000_add_mes_4h_1w_tables/migration.sql is empty: there is"
                        + " no statement in it to gate or apply, and nothing was written;")
                .doesNotContain("\n");
    }

    @Test
    @DisplayName(
            "point 11: a deploy migration that is not UTF-8 gets its sentence at the gate (step 02), not a stack trace")
    void should_say_a_migration_is_not_utf8_at_the_gate() throws ClassNotFoundException {
        String message = Drill.of(Class.forName("runbooks.mes.MesDeployRunbookIT"))
                .overlay("mes/latin1-migration")
                .failsAt("02");
        assertThat(message)
                .contains("20260227153000_add_mes_4h_1w_tables/migration.sql is not valid UTF-8 (byte 6, 0xe9); nothing"
                        + " was applied or recorded: save the file as UTF-8 and run again.")
                .doesNotContain("MalformedInputException");
    }

    @Nested
    @DisplayName("Timeouts told with the limit and the setting (point 14)")
    class Timeouts {

        private runbooks.kit.database.Target withTimeouts(
                String name, java.time.Duration check, java.time.Duration write) {
            ConnectionSpec spec = LocalTargets.cluster().createDatabase(name);
            var target = new runbooks.kit.database.Target(
                    spec,
                    runbooks.kit.database.Expectation.database(spec.database(), "test"),
                    new runbooks.kit.database.Timeouts(check, write, java.time.Duration.ofSeconds(2)));
            target.verify();
            return target;
        }

        @Test
        @DisplayName(
                "a backfill chunk cancelled by write.statement_timeout stops the backfill in one sentence naming the"
                        + " chunk, the limit and the setting, not a dump of the manifest")
        void should_tell_a_chunk_timeout() {
            var target =
                    withTimeouts("h_faults_chunk", java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(300));
            target.verify().execute(new runbooks.kit.sql.SqlFile("setup", "CREATE TABLE dst (day date PRIMARY KEY);"));
            var slow = new runbooks.kit.sql.SqlFile("derive", """
                    WITH w AS (INSERT INTO dst SELECT current_setting('runbook.chunk_start')::timestamptz::date
                        FROM pg_sleep(CASE WHEN current_setting('runbook.chunk_start') LIKE '2024-02%' THEN 2 ELSE 0 END)
                        ON CONFLICT DO NOTHING RETURNING 1)
                    SELECT count(*) AS inserted, 0 AS updated FROM w""");
            var verify = new runbooks.kit.sql.SqlFile("verify", "SELECT 1 AS source_rows, 0 AS uncovered");
            var backfill = new runbooks.kit.backfill.MonthlyBackfill(
                    "probe",
                    target,
                    java.util.List.of(new runbooks.kit.backfill.MonthlyBackfill.Derivation("dst", slow, verify)),
                    elsewhere,
                    1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> backfill.run(
                            java.time.LocalDate.parse("2024-01-01"), java.time.Instant.parse("2024-03-15T00:00:00Z")))
                    .isInstanceOf(runbooks.kit.database.InfrastructureFault.class)
                    .hasMessageStartingWith("The backfill chunk dst 2024-02-01 .. 2024-03-01 ran longer than"
                            + " write.statement_timeout PT0.3S (environments/")
                    .hasMessageContaining("and was cancelled after 1 of 3 chunks")
                    .hasMessageContaining("raise write.statement_timeout")
                    .hasMessageNotContaining("Chunk[");
        }

        @Test
        @DisplayName("a catalog check cancelled by check.statement_timeout names the limit and the setting")
        void should_tell_a_catalog_check_timeout() {
            var target =
                    withTimeouts("h_faults_check", java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(30));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> target.read("\\d public.mkt_futures_mes_4h", "SELECT pg_sleep(2)"))
                    .hasMessageStartingWith("\\d public.mkt_futures_mes_4h on "
                            + target.spec().masked() + " ran longer than check.statement_timeout PT0.2S (environments/")
                    .hasMessageContaining("raise the setting if the target is that large");
        }
    }

    @Runbook(id = "probe", document = "none")
    static class LiveSystemRunbook {
        private final RunbookContext runbook;

        LiveSystemRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 Write")
        void write() {
            runbook.target()
                    .verify()
                    .execute(new runbooks.kit.sql.SqlFile("write", "CREATE TABLE confirmed (id int);"));
        }

        @Test
        @NeedsLiveSystem("it waits for the team's cron, which runs against the real database, never a copy")
        @DisplayName("02 Wait for the cron run")
        void cron() {
            throw new AssertionError("cron run after the fix did not happen within PT10M");
        }

        @Test
        @DisplayName("03 Check the schema")
        void after() {
            runbook.target().read("confirmed", "SELECT count(*) AS n FROM confirmed");
        }
    }

    @Test
    @DisplayName("point 17: with -Drehearse=copy off env=local, a step that needs the live system is skipped at once"
            + " saying why; the rest is rehearsed on the copy and the target is not written")
    void should_skip_live_system_steps_on_a_copy() throws IOException {
        ConnectionSpec staging = environmentFor("staging", "");
        var steps = Drill.of(LiveSystemRunbook.class)
                .with("env", "staging")
                .with("rehearse", "copy")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .run();
        assertThat(steps)
                .extracting(Drill.Step::name, Drill.Step::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("01 Write", "successful"),
                        org.assertj.core.groups.Tuple.tuple("02 Wait for the cron run", "skipped"),
                        org.assertj.core.groups.Tuple.tuple("03 Check the schema", "successful"));
        assertThat(steps.get(1).detail())
                .isEqualTo("Not rehearsed on a copy (-Drehearse=copy): it waits for the team's cron, which runs against"
                        + " the real database, never a copy; this step runs when the runbook is run on the target"
                        + " itself.");
        assertThat(written(staging)).as("a write on the rehearsed target").isFalse();
    }

    @Test
    @DisplayName("point 10: a lock held on _prisma_migrations during the apply names lock_timeout, its setting and the"
            + " session holding the lock")
    void should_name_the_holder_of_a_lock_on_the_journal() throws Exception {
        Path folder = elsewhere.resolve("migrations");
        Files.createDirectories(folder.resolve("20260101000000_init"));
        Files.writeString(folder.resolve("20260101000000_init/migration.sql"), "CREATE TABLE a (id int);\n");
        var target = LocalTargets.fresh("h_faults_journal_lock");
        var journal = new runbooks.kit.migration.PrismaMigrations(target, folder);
        journal.migrate();
        Files.createDirectories(folder.resolve("20260102000000_more"));
        Files.writeString(folder.resolve("20260102000000_more/migration.sql"), "CREATE TABLE b (id int);\n");
        try (var holder = runbooks.kit.database.Connections.open(target.spec().withApplication("h31-holder"));
                var s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE _prisma_migrations IN EXCLUSIVE MODE");
            org.assertj.core.api.Assertions.assertThatThrownBy(journal::migrate)
                    .hasMessageStartingWith("prisma migrate deploy on "
                            + target.spec().masked() + " waited longer than lock_timeout PT2S (environments/")
                    .hasMessageContaining("h31-holder")
                    .hasMessageContaining("ExclusiveLock on _prisma_migrations")
                    .hasMessageContaining("raise lock_timeout")
                    .hasMessageNotContaining("Position:");
            holder.rollback();
        }
        assertThat(journal.pendingVersions()).containsExactly("20260102000000_more");
    }

    @Test
    @DisplayName("point 12: the command-line gate ends a clean run without 'Could not stop postmaster'")
    void should_stop_the_gate_clis_cluster_quietly() throws Exception {
        Path basedir =
                Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
        Path migration =
                Files.createDirectories(basedir.resolve("target/h-faults")).resolve("clean.sql");
        Files.writeString(migration, "CREATE TABLE clean (id int);\n");
        Process gate = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "runbooks.kit.gate.GateCli",
                        migration.toString())
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(gate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(gate.waitFor()).as(output).isZero();
        assertThat(output).contains("1 file, 0 findings, 0 blocking").doesNotContain("Could not stop postmaster");
    }

    @Test
    @DisplayName(
            "point 15: Ctrl-C mid-step tells the operator at the terminal the state left and that a re-run continues;"
                    + " the apply log says where it stopped")
    void should_tell_the_terminal_what_an_interruption_left() throws IOException {
        RunbookContext run = RunbookContext.of(
                LiveSystemRunbook.class.getAnnotation(Runbook.class),
                java.util.Map.of(
                        Settings.BASEDIR_PROPERTY,
                        System.getProperty(Settings.BASEDIR_PROPERTY, "."),
                        Settings.EVIDENCE_PROPERTY,
                        stagingEvidence.toString())::get);
        run.runEvidence().open("staging").beginStep("03.4.2 Historical backfill in month chunks (--strict)");
        run.runEvidence().stepStarted("03.4.2 Historical backfill in month chunks (--strict)");
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        try {
            // What the shutdown hook runs on Ctrl-C, writing to the controlling terminal.
            run.runEvidence().interruptedEnd("staging", new java.io.PrintStream(terminal, true));
        } finally {
            run.runEvidence().open("staging").endStep(); // this thread's later steps write elsewhere
        }
        assertThat(terminal.toString().strip())
                .isEqualTo("Interrupted at step '03.4.2 Historical backfill in month chunks (--strict)' of probe on"
                        + " staging: what the runbook committed before stays on the target and the statement in flight"
                        + " was rolled back by the server (a backfill keeps its finished chunks); run the same command"
                        + " again: it reads the target's state and continues from it, or says what must be resolved"
                        + " first (apply log: " + stagingEvidence.resolve("apply-log.md") + ").");
        assertThat(Files.readString(stagingEvidence.resolve("apply-log.md")))
                .contains("INTERRUPTED at step '03.4.2 Historical backfill in month chunks (--strict)'");
    }

    @Nested
    @DisplayName(
            "An apply cut off by Ctrl-C or a kill: recorded as rolled back when PostgreSQL proves it was (point 16)")
    class InterruptedApply {

        private runbooks.kit.migration.PrismaMigrations journal;
        private runbooks.kit.database.Target target;

        /** A journal with 20260101000000_init applied and 20260102000000_more's row left as a kill leaves it. */
        private void interruptedApply(String name) throws IOException {
            Path folder = elsewhere.resolve("migrations");
            Files.createDirectories(folder.resolve("20260101000000_init"));
            Files.writeString(folder.resolve("20260101000000_init/migration.sql"), "CREATE TABLE a (id int);\n");
            target = LocalTargets.fresh(name);
            journal = new runbooks.kit.migration.PrismaMigrations(target, folder);
            journal.migrate();
            Files.createDirectories(folder.resolve("20260102000000_more"));
            Files.writeString(
                    folder.resolve("20260102000000_more/migration.sql"),
                    "CREATE TABLE b (id int);\nCREATE INDEX b_id ON b (id);\n");
            target.verify().execute(new runbooks.kit.sql.SqlFile("killed during the script", """
                    INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
                    VALUES ('00000000-0000-4000-8000-00000000a16e', repeat('a', 64), '20260102000000_more', now(), 0)"""));
        }

        @Test
        @DisplayName("no logs, no step, no lock holder, nothing created since: recorded as rolled back, applied again")
        void should_record_the_rollback_and_apply_again() throws IOException {
            interruptedApply("h_faults_interrupted");
            assertThat(journal.problems()).isEmpty();
            assertThat(journal.pendingVersions()).containsExactly("20260102000000_more");

            assertThat(journal.migrate()).isEqualTo(1);

            assertThat(target.read(
                                    "rows",
                                    "SELECT string_agg(CASE WHEN rolled_back_at IS NOT NULL THEN 'rolled back'"
                                            + " WHEN finished_at IS NOT NULL THEN 'finished' ELSE 'unfinished' END, ','"
                                            + " ORDER BY started_at) AS states FROM _prisma_migrations"
                                            + " WHERE migration_name = '20260102000000_more'")
                            .single("states"))
                    .isEqualTo("rolled back,finished");
            assertThat(journal.pendingVersions()).isEmpty();
            assertThat(journal.problems()).isEmpty();
        }

        @Test
        @DisplayName(
                "the migration's objects exist (its script had committed): Prisma's P3009 and remedy, nothing written")
        void should_keep_p3009_when_the_objects_exist() throws IOException {
            interruptedApply("h_faults_interrupted_committed");
            target.verify()
                    .execute(new runbooks.kit.sql.SqlFile("the script had committed", "CREATE TABLE b (id int);"));
            assertThat(journal.problems()).singleElement().asString().startsWith("P3009");
            org.assertj.core.api.Assertions.assertThatThrownBy(journal::migrate)
                    .hasMessageStartingWith("P3009")
                    .hasMessageContaining("prisma migrate resolve --rolled-back or --applied");
        }

        @Test
        @DisplayName("another session holds the migration lock (the apply may still run): Prisma's P3009")
        void should_keep_p3009_while_the_migration_lock_is_held() throws Exception {
            interruptedApply("h_faults_interrupted_locked");
            try (var holder = runbooks.kit.database.Connections.open(target.spec());
                    var s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_lock(72707369)");
                assertThat(journal.problems()).singleElement().asString().startsWith("P3009");
                // Released here, not by closing: a closed session's backend lets go of its locks a moment later.
                s.execute("SELECT pg_advisory_unlock(72707369)");
            }
            assertThat(journal.problems()).isEmpty();
        }
    }
}
