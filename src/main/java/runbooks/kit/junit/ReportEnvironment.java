package runbooks.kit.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * The report's Environment widget ({@code environment.properties} in the Allure results), which every runbook of a run
 * adds its lines to, and the report's categories ({@code categories.json}). {@code run.mode} sums up the runbooks' own.
 */
final class ReportEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(ReportEnvironment.class);

    private ReportEnvironment() {}

    static synchronized void publish(Path results, Map<String, String> lines) {
        try {
            Files.createDirectories(results);
            Path file = results.resolve("environment.properties");
            Properties widget = new Properties();
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file)) {
                    widget.load(r);
                }
            }
            widget.putAll(lines);
            Set<String> modes = new TreeSet<>();
            widget.stringPropertyNames().stream()
                    .filter(k -> k.endsWith(".run.mode"))
                    .forEach(k -> modes.add(widget.getProperty(k).split(" ")[0]));
            if (!modes.isEmpty()) {
                widget.setProperty(
                        "run.mode",
                        modes.size() == 1
                                ? modes.iterator().next()
                                : String.join(" and ", modes) + " (per runbook: <runbook>.run.mode)");
            }
            try (Writer w = Files.newBufferedWriter(file)) {
                widget.store(w, "runbook verification");
            }
            try (InputStream categories = ReportEnvironment.class.getResourceAsStream("/allure/categories.json")) {
                if (categories != null) {
                    Files.copy(categories, results.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            LOG.warn("[runbooks] could not write the report's environment widget to {}: {}", results, e.getMessage());
        }
    }

    /** This runbook's lines of the report's environment widget: env, target, operator, change, suite, document, evidence. */
    static void publish(
            RunConfiguration run,
            String document,
            Target opened,
            Optional<EvidenceFolder> evidence,
            Map<String, String> reported) {
        Map<String, String> lines = new java.util.LinkedHashMap<>();
        run.envIfLoaded().ifPresent(e -> lines.put("env", e.name()));
        if (opened != null) {
            opened.verifiedIdentity().ifPresent(identity -> {
                lines.put(run.id() + ".target", identity.masked());
                lines.put(run.id() + ".server_version", identity.serverVersion());
                lines.put(run.id() + ".system_identifier", identity.systemIdentifier());
            });
        }
        lines.put("run.operator", run.operator());
        lines.put(
                run.id() + ".run",
                run.created() + " .. " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        lines.put("run.change", run.change().orElse("(none given)"));
        lines.put("suite.commit", SuiteProvenance.suiteVersion(run.basedir()));
        lines.put(run.id() + ".document", SuiteProvenance.document(run.documents(), document));
        evidence.ifPresent(e -> lines.put(run.id() + ".evidence", e.dir().toString()));
        lines.putAll(reported);
        publish(
                Path.of(run.value(Settings.RESULTS_PROPERTY)
                        .orElse(run.basedir().resolve("target/allure-results").toString())),
                lines);
    }
}
