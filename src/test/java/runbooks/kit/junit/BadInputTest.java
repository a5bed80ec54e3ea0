package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake stops a runbook at its first step that needs the environment, in one sentence. */
class BadInputTest {

    @Runbook(id = "mes", document = "none")
    static class ProbeRunbook {
        private final RunbookContext runbook;

        ProbeRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 Connect")
        void connect() {
            runbook.target().verify();
        }

        @Test
        @DisplayName("02 Anything after")
        void after() {}
    }

    @Runbook(id = "checks", document = "none")
    static class CheckFiles {
        private final RunbookContext runbook;

        CheckFiles(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 A check file whose expectation the suite reads")
        void readable() {
            runbook.checkSql("kit_test/readable.sql");
        }

        @Test
        @DisplayName("02 A check file with psql's output pasted but no Expected line")
        void unreadable() {
            runbook.checkSql("kit_test/pasted_without_expected.sql");
        }
    }

    @Test
    @DisplayName(
            "a check file holding no expectation the suite reads fails its step saying how to write one, never passes unchecked")
    void should_fail_a_check_file_without_an_expectation() {
        String failure = Drill.of(CheckFiles.class)
                .overlay("kit/check-without-expectation")
                .failsAt("02");

        assertThat(failure)
                .startsWith(
                        "kit_test/pasted_without_expected.sql holds no expectation the suite reads, so it would pass"
                                + " without checking anything")
                .contains("`-- Expected: 0 rows`");
    }

    @TempDir
    Path environments;

    @Test
    @DisplayName(
            "an unknown -Denv stops the runbook with one sentence, and creates no evidence folder and no apply-log entry")
    void should_stop_on_unknown_environment() {
        Path root = environments.resolve("evidence");
        String message = Drill.of(ProbeRunbook.class)
                .with("env", "stagign")
                .with(Settings.EVIDENCE_PROPERTY, "")
                .with(Settings.EVIDENCE_ROOT_PROPERTY, root.toString())
                .failsAt("01");
        assertThat(message)
                .startsWith(
                        "Unknown environment 'stagign': there is no environments/stagign.properties; use -Denv= with one of")
                .doesNotContain("\n");
        assertThat(root).as("evidence of a run that never started").doesNotExist();
    }

    @Test
    @DisplayName("a missing variable stops the runbook with one sentence")
    void should_stop_on_missing_variable() throws IOException {
        Files.writeString(
                environments.resolve("staging.properties"), "host=${PROBE_ONLY_HOST}\nuser=u\nmes.database=d\n");
        String message = Drill.of(ProbeRunbook.class)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .failsAt("01");
        assertThat(message)
                .isEqualTo("environments/staging.properties needs the variable PROBE_ONLY_HOST (for 'host'): export it,"
                        + " pass -DPROBE_ONLY_HOST=..., or put it in .env.staging.local.");
    }

    @Test
    @DisplayName("an unreachable database stops the runbook with one sentence and no password")
    void should_stop_on_unreachable_database() throws IOException {
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=127.0.0.1\nport=1\nuser=u\npassword=hunter2\nmes.database=d\nexpect.mes.database=d\n");
        String message = Drill.of(ProbeRunbook.class)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .failsAt("01");
        assertThat(message)
                .startsWith("Cannot reach the staging database 127.0.0.1:1/d as u")
                .doesNotContain("hunter2");
    }

    @Test
    @DisplayName("a production file that does not say which database production is stops before any write")
    void should_stop_when_expectation_is_missing() throws IOException {
        Path basedir = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
        var admin = runbooks.kit.database.LocalTargets.cluster().admin();
        String message = Drill.of(ProbeRunbook.class)
                .with("env", "production")
                .with(
                        Settings.ENVIRONMENTS_PROPERTY,
                        basedir.resolve("environments").toString())
                .with("PRODUCTION_DB_HOST", "localhost")
                .with("PRODUCTION_DB_PORT", String.valueOf(admin.port()))
                .with("PRODUCTION_DB_USER", admin.user())
                .with("PRODUCTION_MES_DATABASE", "postgres")
                .failsAt("01");
        assertThat(message).contains("the expected database is not stated in environments/production.properties");
    }
}
