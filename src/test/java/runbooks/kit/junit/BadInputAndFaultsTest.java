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
}
