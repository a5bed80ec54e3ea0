package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;

/** Production writes only what passed on staging: a passing staging run's record, same commit, same files. */
class PromotionTest {

    @TempDir
    Path environments;

    @TempDir
    Path stagingEvidence;

    private ConnectionSpec environmentsFor(String env, String extra) throws IOException {
        ConnectionSpec db = LocalTargets.cluster().createDatabase("promotion_" + env);
        Files.writeString(
                environments.resolve(env + ".properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user()
                        + "\npassword=" + (db.password() == null ? "" : db.password()) + "\nprobe.database="
                        + db.database()
                        + "\nexpect.probe.database=" + db.database() + "\n" + extra);
        return db;
    }

    private Drill production() {
        return Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                .with("env", "production")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString());
    }

    @Test
    @DisplayName("without a passing staging record production refuses to write, in one sentence saying what is missing")
    void should_refuse_without_a_staging_record() throws IOException {
        environmentsFor(
                "production",
                "promotion.required=true\npromotion.record=" + stagingEvidence.resolve("promotion.json") + "\n");
        assertThat(production().failsAt("01"))
                .isEqualTo("Refusing to write on production: no passing staging record of runbook probe at "
                        + stagingEvidence.resolve("promotion.json")
                        + "; run mvn verify -Denv=staging first from this suite commit, or set"
                        + " probe.promotion.record to where that run's promotion.json is.");
    }

    @Test
    @DisplayName(
            "after a passing staging run of the same commit and files production writes; a record of other files is refused")
    void should_write_after_a_passing_staging_run() throws IOException {
        environmentsFor("staging", "promotion.records=true\n");
        var staging = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, stagingEvidence.toString())
                .run();
        assertThat(staging).extracting(Drill.Step::outcome).containsExactly("successful");
        Path record = stagingEvidence.resolve("promotion.json");
        assertThat(Files.readString(record))
                .contains("\"outcome\" : \"passed\"")
                .contains("deployed_files_sha256");

        environmentsFor("production", "promotion.required=true\npromotion.record=" + record + "\n");
        assertThat(production().run()).extracting(Drill.Step::outcome).containsExactly("successful");

        Files.writeString(
                record,
                Files.readString(record)
                        .replaceAll(
                                "\"deployed_files_sha256\" : \"[0-9a-f]+\"",
                                "\"deployed_files_sha256\" : \"" + "0".repeat(64) + "\""));
        environmentsFor("production", "promotion.required=true\npromotion.record=" + record + "\n");
        assertThat(production().failsAt("01")).contains("the runbook's files differ from those that passed on staging");
    }

    @Test
    @DisplayName(
            "a passing staging record of another runbook is refused, naming both; the record covers the runbook's own files only")
    void should_refuse_the_record_of_another_runbook() throws IOException {
        environmentsFor("staging", "promotion.records=true\n");
        var staging = Drill.of(ProductionConfirmationTest.WritingRunbook.class)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, stagingEvidence.toString())
                .run();
        assertThat(staging).extracting(Drill.Step::outcome).containsExactly("successful");
        Path record = stagingEvidence.resolve("promotion.json");
        assertThat(Files.readString(record))
                .contains("\"runbook\" : \"probe\"")
                .contains("\"deployed_files\"")
                .contains("src/test/java/runbooks/kit/junit/ProductionConfirmationTest.java")
                .doesNotContain("\"sql/mes");
        Files.writeString(
                record, Files.readString(record).replace("\"runbook\" : \"probe\"", "\"runbook\" : \"usage\""));
        environmentsFor("production", "promotion.required=true\nprobe.promotion.record=" + record + "\n");
        assertThat(production().failsAt("01"))
                .isEqualTo(
                        "Refusing to write on production: the staging record " + record
                                + " is of runbook 'usage', not 'probe'; point probe.promotion.record at this runbook's own record.");
    }
}
