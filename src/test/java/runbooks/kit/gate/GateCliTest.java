package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    @DisplayName("a clean folder exits 0")
    void should_exit_0_when_clean() {
        assertThat(GateCli.run(new String[] {"sql/mes/prisma/migrations"}))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("2 files, 0 findings, 0 blocking");
    }

    @Test
    @DisplayName("blocking findings exit 1, and --json gives them to tools")
    void should_exit_1_with_json_findings() throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE t (id int, note text);");
        Files.writeString(dir.resolve("V2__drop.sql"), "ALTER TABLE t DROP COLUMN note;");
        Files.writeString(dir.resolve("V10__later.sql"), "CREATE TABLE u (id int);");
        assertThat(GateCli.run(new String[] {"--json", dir.toString()})).isEqualTo(1);
        assertThat(out.toString())
                .contains("\"rule\" : \"drop-column\"", "\"file\" : \"V2__drop.sql\"", "\"blocking\" : 1");
        assertThat(GateCli.sqlFiles(dir))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("V1__base.sql", "V2__drop.sql", "V10__later.sql");
    }

    @Test
    @DisplayName("warnings block only when the policy says so")
    void should_apply_block_policy() throws Exception {
        Files.writeString(dir.resolve("V2__add.sql"), "ALTER TABLE t ADD COLUMN extra text;");
        Path base = Files.writeString(dir.resolve("base.sql"), "CREATE TABLE t (id int);");
        assertThat(GateCli.run(new String[] {
                    "--before", base.toString(), dir.resolve("V2__add.sql").toString()
                }))
                .isZero();
        assertThat(GateCli.run(new String[] {
                    "--block",
                    "error,warning",
                    "--before",
                    base.toString(),
                    dir.resolve("V2__add.sql").toString()
                }))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("bad input exits 2 with one sentence")
    void should_exit_2_on_bad_input() {
        assertThat(GateCli.run(new String[] {"no/such/folder"})).isEqualTo(2);
        assertThat(GateCli.run(new String[] {"--block", "fatal", "sql/mes/prisma/migrations"}))
                .isEqualTo(2);
        assertThat(GateCli.run(new String[] {})).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "gate: no/such/folder does not exist; pass a migration file or a folder of them.",
                        "gate: gate.block must list severities among error, warning, info",
                        "gate: no migration given; usage: gate");
    }

    @Test
    @DisplayName("an empty migration file and a folder without migrations exit 2 naming them, instead of passing")
    void should_exit_2_on_an_empty_file_or_folder() throws Exception {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        Path blank = Files.writeString(dir.resolve("V9__blank.sql"), "\n  \n");
        assertThat(GateCli.run(new String[] {blank.toString()})).isEqualTo(2);
        assertThat(GateCli.run(new String[] {empty.toString()})).isEqualTo(2);
        assertThat(err.toString())
                .contains("V9__blank.sql is empty: there is no migration in it to judge")
                .contains(empty
                        + " holds no migration (no .sql file, no <migration>/migration.sql or <migration>/up.sql)");
    }

    @Test
    @DisplayName("the report and its JSON name the PostgreSQL version the files were rehearsed on: the target's major")
    void should_name_the_version_rehearsed_on() throws Exception {
        // GIVEN a statement valid from PostgreSQL 16 on (a FROM subquery without an alias)
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE t (id int, note text);");
        Files.writeString(
                dir.resolve("V2__copy.sql"), "CREATE TABLE u AS SELECT * FROM (SELECT id FROM t);\nDROP TABLE t;");
        // WHEN it is judged for the default target (17) and for a PostgreSQL 16 target
        assertThat(GateCli.run(new String[] {"--json", dir.toString()})).isEqualTo(1);
        String json17 = out.toString();
        out.reset();
        assertThat(GateCli.run(new String[] {"--target-version", "160000", dir.toString()}))
                .isEqualTo(1);
        // THEN each is rehearsed on its target's major, says so, and only the DROP TABLE is reported
        assertThat(json17)
                .contains("\"rehearsedOn\" : [ \"17.")
                .contains("\"rule\" : \"drop-table\"")
                .doesNotContain("statement-fails", "rehearsal-older-than-target");
        assertThat(out.toString())
                .contains("note: rehearsed on PostgreSQL 16.")
                .contains("; rehearsed on PostgreSQL 16.")
                .doesNotContain("statement-fails", "rehearsal-older-than-target");
    }

    @Test
    @DisplayName("a diesel migrations folder is judged in order on a rehearsal that holds diesel's journal table")
    void should_hold_the_tools_journal() throws Exception {
        // GIVEN diesel's layout, and a migration that puts a trigger on diesel's journal (as Lemmy's history does)
        Path migrations = dir.resolve("migrations");
        Files.createDirectories(migrations.resolve("2025-01-01-000001_base"));
        Files.createDirectories(migrations.resolve("2025-01-02-000001_guard"));
        Files.writeString(migrations.resolve("2025-01-01-000001_base/up.sql"), "CREATE TABLE t (id int);");
        Files.writeString(
                migrations.resolve("2025-01-02-000001_guard/up.sql"),
                "SET lock_timeout = '5s';\nCREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN"
                        + " NULL; END $$;\nCREATE TRIGGER guard BEFORE INSERT ON __diesel_schema_migrations"
                        + " EXECUTE FUNCTION guard();");
        // WHEN the folder is judged as it is, and with --tool none
        assertThat(GateCli.run(new String[] {migrations.toString()}))
                .as(out.toString())
                .isZero();
        String asDiesel = out.toString();
        out.reset();
        assertThat(GateCli.run(new String[] {"--tool", "none", migrations.toString()}))
                .isZero();
        // THEN diesel's journal is there as on every database diesel migrated; without it the report says the rehearsal
        // lacks it (a warning naming --tool), not that the migration fails
        assertThat(asDiesel)
                .contains("diesel's journal __diesel_schema_migrations created first")
                .contains("2 files, 0 findings, 0 blocking");
        assertThat(out.toString())
                .contains("2025-01-02-000001_guard/up.sql:3 rehearsal-lacks-journal (warning)")
                .contains("relation \"__diesel_schema_migrations\" does not exist")
                .doesNotContain("statement-fails");
    }
}
