package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;

/** On production nothing is written until the operator types the database's name: -Dconfirm=<database>. */
class ProductionConfirmationTest {

    @Runbook(id = "probe", document = "none")
    static class WritingRunbook {
        private final RunbookContext runbook;

        WritingRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 Verify and write")
        void write() {
            runbook.target()
                    .verify()
                    .execute(new runbooks.kit.sql.SqlFile("write", "CREATE TABLE confirmed (id int);"));
        }
    }

    @TempDir
    Path environments;

    private ConnectionSpec productionShaped() throws IOException {
        ConnectionSpec db = LocalTargets.cluster().createDatabase("prod_confirm");
        Files.writeString(
                environments.resolve("production.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user()
                        + "\npassword=" + (db.password() == null ? "" : db.password()) + "\nprobe.database="
                        + db.database()
                        + "\nexpect.probe.database=" + db.database() + "\nconfirm.required=true\n");
        return db;
    }

    private static List<String> tables(ConnectionSpec db) {
        return LocalTargets.on(db)
                        .read(
                                "tables",
                                "SELECT coalesce(string_agg(relname, ','), '') AS t FROM pg_class WHERE relname = 'confirmed'")
                        .single("t")
                        .isEmpty()
                ? List.of()
                : List.of("confirmed");
    }

    @Test
    @DisplayName("without -Dconfirm, or with another name, production refuses to write in one sentence")
    void should_refuse_without_the_typed_confirmation() throws IOException {
        ConnectionSpec db = productionShaped();
        String missing = Drill.of(WritingRunbook.class)
                .with("env", "production")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .failsAt("01");
        assertThat(missing)
                .isEqualTo(
                        "Refusing to write to localhost:" + db.port() + "/" + db.database() + " as " + db.user()
                                + " on production: confirm by typing, as -Dconfirm=<database>, the name of the database you mean to change.");
        assertThat(missing).doesNotContain("-Dconfirm=" + db.database());
        String wrong = Drill.of(WritingRunbook.class)
                .with("env", "production")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with("confirm", "postgres")
                .failsAt("01");
        assertThat(wrong).contains("(-Dconfirm=postgres does not match it)");
        assertThat(tables(db)).isEmpty();
    }

    @Test
    @DisplayName("where a change ticket is required, a run without -Dchange writes nothing, saying so")
    void should_refuse_without_a_change() throws IOException {
        ConnectionSpec db = productionShaped();
        Files.writeString(
                environments.resolve("production.properties"),
                Files.readString(environments.resolve("production.properties")) + "change.required=true\n");
        String message = Drill.of(WritingRunbook.class)
                .with("env", "production")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with("confirm", db.database())
                .failsAt("01");
        assertThat(message)
                .isEqualTo(
                        "Refusing to write on production: name the change this run belongs to, -Dchange=<ticket> (e.g. -Dchange=CHG-1234).");
        assertThat(tables(db)).isEmpty();
    }

    @Test
    @DisplayName("with -Dconfirm=<the verified database's name>, production writes")
    void should_write_with_the_typed_confirmation() throws IOException {
        ConnectionSpec db = productionShaped();
        var steps = Drill.of(WritingRunbook.class)
                .with("env", "production")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with("confirm", db.database())
                .run();
        assertThat(steps).extracting(Drill.Step::outcome).containsExactly("successful");
        assertThat(tables(db)).containsExactly("confirmed");
    }
}
