package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * A run stopped by SIGTERM (what Ctrl-C on Maven or a CI timeout sends its test JVM) in the middle of a step still leaves
 * a verifiable evidence folder: its apply-log entry says where it was interrupted, SHA256SUMS covers what it wrote.
 */
class InterruptedRunTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));

    @Runbook(id = "probe", document = "none")
    public static class LongRunbook {
        private final RunbookContext runbook;

        public LongRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 Preflight")
        void preflight() {
            runbook.target().verify();
            runbooks.kit.evidence.Evidence.text(
                    "target", runbook.target().spec().masked());
        }

        @Test
        @DisplayName("02 A long backfill")
        void longStep() throws Exception {
            runbooks.kit.evidence.Evidence.text("progress", "started");
            Files.writeString(Path.of(System.getProperty("marker")), "in step 02");
            Thread.sleep(120_000);
        }
    }

    /** Runs {@link LongRunbook} in this JVM (the child process the test starts). */
    public static void main(String[] args) {
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LongRunbook.class))
                .configurationParameter("env", "staging")
                .configurationParameter(Settings.ENVIRONMENTS_PROPERTY, args[0])
                .configurationParameter(Settings.EVIDENCE_PROPERTY, args[1])
                .configurationParameter(Settings.BASEDIR_PROPERTY, BASEDIR.toString())
                .build();
        LauncherFactory.create().execute(request);
    }

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "SIGTERM during a step: the apply log says INTERRUPTED at that step, and sha256sum -c of the folder passes")
    void should_leave_a_verifiable_folder_when_interrupted() throws Exception {
        ConnectionSpec db = LocalTargets.cluster().createDatabase("interrupted");
        Files.writeString(
                dir.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\npassword="
                        + (db.password() == null ? "" : db.password()) + "\nprobe.database=" + db.database()
                        + "\nexpect.probe.database=" + db.database() + "\n");
        Path evidence = dir.resolve("evidence");
        Path marker = dir.resolve("marker");
        Process run = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dmarker=" + marker,
                        // The child's Allure results go where this JVM's go (target/ under Maven), never to Allure's
                        // default ./allure-results in the working directory.
                        "-D" + Settings.RESULTS_PROPERTY + "="
                                + System.getProperty(
                                        Settings.RESULTS_PROPERTY,
                                        dir.resolve("allure-results").toString()),
                        "-cp",
                        System.getProperty("java.class.path"),
                        InterruptedRunTest.class.getName(),
                        dir.toString(),
                        evidence.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(marker) || !run.isAlive());
            assertThat(run.isAlive())
                    .as("the run is in step 02:%n%s", Files.readString(dir.resolve("console.log")))
                    .isTrue();
            run.destroy();
            assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyForcibly();
        }
        assertThat(Files.readString(evidence.resolve(EvidenceFolder.APPLY_LOG)))
                .contains("- Outcome: INTERRUPTED at step '02 A long backfill'");
        assertThat(EvidenceFolder.verify(evidence))
                .as("the interrupted run's folder against its SHA256SUMS")
                .isEmpty();
        try (var files = Files.list(evidence)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .anyMatch(f -> f.contains("02-progress"))
                    .contains(EvidenceFolder.SUMS, EvidenceFolder.APPLY_LOG);
        }
        Process check = new ProcessBuilder("sha256sum", "-c", EvidenceFolder.SUMS)
                .directory(evidence.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && check.exitValue() == 0)
                .as(new String(check.getInputStream().readAllBytes()))
                .isTrue();
    }
}
