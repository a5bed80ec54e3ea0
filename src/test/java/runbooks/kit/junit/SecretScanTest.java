package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * A staging-shaped run with a known password, through the real JUnit launcher (so Allure writes its
 * results): the password and credentialed URLs appear nowhere in the console, the Allure results or the
 * evidence folder, neither on a passing run nor on one whose database cannot be reached.
 */
class SecretScanTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
    private static final Pattern CREDENTIALED_URL =
            Pattern.compile("(postgres(ql)?://[^\\s/:@]+:[^\\s/@]+@|password=[^\\s&;,)]+)");

    @Runbook(id = "probe", document = "none")
    static class StagingShapedRunbook {
        private final RunbookContext runbook;

        StagingShapedRunbook(RunbookContext runbook) {
            this.runbook = runbook;
        }

        @Test
        @DisplayName("01 Preflight: the target is the expected one")
        void verify() {
            Evidence.text(
                    "target",
                    runbook.target().verify().identity().asMap().toString() + "\n"
                            + runbook.target().spec());
        }

        @Test
        @DisplayName("02 Apply and check")
        void apply() {
            runbook.target()
                    .verify()
                    .execute(new runbooks.kit.sql.SqlFile("apply", "CREATE TABLE IF NOT EXISTS scanned (id int);"));
            runbook.target()
                    .query(new runbooks.kit.sql.SqlFile(
                            "check", "SELECT current_user, current_database(), 'ok' AS status;"));
        }

        @Test
        @DisplayName("03 A check that fails")
        void fail() {
            runbook.target().query(new runbooks.kit.sql.SqlFile("broken", "SELECT FROM no_such_table;"));
        }
    }

    @TempDir
    Path environments;

    @TempDir
    Path evidence;

    @Test
    @DisplayName(
            "a known password appears nowhere: console, Allure results, evidence folder (passing and unreachable runs)")
    void should_not_leak_the_password() throws IOException {
        String password = "pw-" + UUID.randomUUID();
        // A DATABASE_URL whose password holds an unencoded '@': split at the first '@', its tail would be shown as the
        // "host".
        String tail = "tail" + UUID.randomUUID().toString().substring(0, 8);
        String urlPassword = "pw@" + tail;
        ConnectionSpec db = LocalTargets.cluster().createDatabase("secret_scan");
        long started = System.currentTimeMillis();
        String console = captured(() -> {
            run(db.port(), db, password);
            run(1, db, password);
            runWithUrl(
                    "postgres://" + db.user() + ":" + urlPassword + "@localhost:" + db.port() + "/" + db.database(),
                    db);
        });

        List<String> leaks = new ArrayList<>();
        scan("console", console, password, leaks);
        scan("console", console, tail, leaks);
        for (Path dir : List.of(
                BASEDIR.resolve(System.getProperty("allure.results.directory", "target/allure-results")), evidence)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(f -> f.toFile().lastModified() >= started - 1000)
                        .toList()) {
                    String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                    scan(f.toString(), text, password, leaks);
                    scan(f.toString(), text, tail, leaks);
                }
            }
        }
        assertThat(console).as("the runs happened").contains("probe");
        assertThat(leaks)
                .as("places where the password or a credentialed URL appears")
                .isEmpty();
    }

    private void runWithUrl(String url, ConnectionSpec db) throws IOException {
        Files.writeString(
                environments.resolve("staging.properties"),
                "probe.database_url=" + url + "\nexpect.probe.database=" + db.database() + "\n");
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(StagingShapedRunbook.class))
                .configurationParameter("env", "staging")
                .configurationParameter(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .configurationParameter(
                        Settings.EVIDENCE_PROPERTY, evidence.resolve("run-url").toString())
                .build();
        LauncherFactory.create().execute(request);
        assertThat(Files.readString(evidence.resolve("run-url").resolve(EvidenceFolder.APPLY_LOG)))
                .as("the URL's host is the host")
                .contains("- Target: localhost:" + db.port() + "/" + db.database());
    }

    private void run(int port, ConnectionSpec db, String password) throws IOException {
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + port + "\nuser=" + db.user() + "\npassword=" + password + "\nprobe.database="
                        + db.database() + "\nexpect.probe.database=" + db.database() + "\n");
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(StagingShapedRunbook.class))
                .configurationParameter("env", "staging")
                .configurationParameter(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .configurationParameter(
                        Settings.EVIDENCE_PROPERTY,
                        evidence.resolve("run-" + port).toString())
                .build();
        LauncherFactory.create().execute(request);
    }

    private static void scan(String where, String text, String password, List<String> leaks) {
        if (text.contains(password)) {
            leaks.add(where + ": the password");
        }
        var m = CREDENTIALED_URL.matcher(text);
        if (m.find()) {
            leaks.add(where + ": " + m.group());
        }
    }

    private interface Body {
        void run() throws IOException;
    }

    private static String captured(Body body) throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true);
        System.setOut(both);
        System.setErr(both);
        try {
            body.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buffer.toString();
    }
}
