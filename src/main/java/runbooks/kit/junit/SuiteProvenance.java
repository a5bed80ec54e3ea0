package runbooks.kit.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.EvidenceFolder;

/** Where a run's verdict comes from, for the report and the apply log: this suite's commit and the runbook document's sha256. */
final class SuiteProvenance {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteProvenance.class);
    /** Documents already said to be missing: once per JVM, not at every run's evidence. */
    private static final Set<String> UNFOUND = ConcurrentHashMap.newKeySet();

    private static String suiteVersion;

    private SuiteProvenance() {}

    /** This suite's commit and whether the working tree differs from it, read once with git. */
    static synchronized String suiteVersion(Path basedir) {
        if (suiteVersion == null) {
            suiteVersion = git(basedir, "rev-parse", "HEAD")
                    .map(commit -> commit
                            + git(basedir, "status", "--porcelain")
                                    .map(changes -> changes.isBlank() ? " (clean)" : " (dirty: uncommitted changes)")
                                    .orElse(""))
                    .orElse("unknown (not a git checkout)");
        }
        return suiteVersion;
    }

    /** The commit alone. */
    static String commit(Path basedir) {
        return suiteVersion(basedir).split(" ")[0];
    }

    /** The runbook document in {@code dir} and its sha256; or where it was looked for, and how to point the suite at it. */
    static String document(Path dir, String document) {
        Path doc = dir.resolve(document);
        if (Files.isRegularFile(doc)) {
            return doc + " sha256 " + EvidenceFolder.sha256(doc);
        }
        String missing = document + " (not found under " + dir + "; set -Drunbooks.documents=<folder>)";
        if (UNFOUND.add(doc.toString())) {
            LOG.warn("[runbooks] the runbook document {}: the evidence names it without its sha256", missing);
        }
        return missing;
    }

    private static Optional<String> git(Path dir, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
