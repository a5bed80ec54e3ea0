package runbooks.kit.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * Production writes only what passed on staging: a passing staging run of a runbook leaves {@code promotion.json} (the
 * runbook, the suite commit, the digest and list of that runbook's own files), and production refuses to write unless the
 * record it is pointed at is of the same runbook, commit and files.
 *
 * @param files the runbook's own files: its {@code sql/} folders, {@code sql/kit/}, its migrations folder, its class's source
 */
record PromotionRecord(String runbook, Path basedir, List<Path> files) {

    /** The file a passing staging run leaves in its evidence folder, which production requires. */
    static final String FILE = "promotion.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files of {@code runbook} (its {@link Runbook#sql()} folders, default {@code sql/<id>/}) that a record covers. */
    static PromotionRecord of(Runbook runbook, Path basedir, Optional<String> migrationsDir, Class<?> type) {
        List<Path> roots = new ArrayList<>();
        for (String folder : runbook.sql().length == 0 ? new String[] {runbook.id()} : runbook.sql()) {
            roots.add(basedir.resolve("sql").resolve(folder));
        }
        roots.add(basedir.resolve("sql").resolve("kit"));
        migrationsDir
                .filter(d -> !d.isBlank())
                .map(Path::of)
                .map(basedir::resolve)
                .ifPresent(roots::add);
        if (type != null) {
            Class<?> outer = type;
            while (outer.getEnclosingClass() != null) {
                outer = outer.getEnclosingClass();
            }
            roots.add(basedir.resolve("src/test/java").resolve(outer.getName().replace('.', '/') + ".java"));
        }
        return new PromotionRecord(
                runbook.id(),
                basedir,
                roots.stream()
                        .map(Path::normalize)
                        .filter(Files::exists)
                        .distinct()
                        .toList());
    }

    /** The digest of {@link #files()}: every file's path (relative to the project) and bytes. */
    String digest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path root : files) {
                try (var walk = Files.walk(root)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update(basedir.relativize(f.toAbsolutePath())
                                .toString()
                                .getBytes(StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the record of a passing run into its folder and, as the runbook's last passing record, beside the run folders. */
    void write(String environment, String suiteCommit, EvidenceFolder evidence) {
        ObjectNode r = JSON.createObjectNode()
                .put("runbook", runbook)
                .put("environment", environment)
                .put("outcome", "passed")
                .put("suite_commit", suiteCommit)
                .put("deployed_files_sha256", digest())
                .put("finished_at", java.time.Instant.now().toString())
                .put("evidence", evidence.dir().toString());
        files.forEach(f -> r.withArray("deployed_files")
                .add(basedir.relativize(f.toAbsolutePath()).toString()));
        try {
            Files.writeString(evidence.dir().resolve(FILE), r.toPrettyString());
            Path latest = evidence.runbookDir().resolve(FILE);
            if (!latest.equals(evidence.dir().resolve(FILE))) {
                Files.writeString(latest, r.toPrettyString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What allowed a write: the record's path, sha256 and run; or why it is refused, one sentence. */
    record Verdict(Optional<String> refusal, String allowedBy) {}

    Verdict judge(Path record, String environment, String suiteCommit) {
        String refusing = "Refusing to write on " + environment + ": ";
        if (!Files.isRegularFile(record)) {
            return refused(refusing + "no passing staging record of runbook " + runbook + " at " + record
                    + "; run mvn verify -Denv=staging" + " first from this suite commit, or set " + runbook
                    + ".promotion.record to where that run's " + FILE + " is.");
        }
        try {
            JsonNode r = JSON.readTree(record.toFile());
            if (!runbook.equals(r.path("runbook").asText())) {
                return refused(refusing + "the staging record " + record + " is of runbook '"
                        + r.path("runbook").asText() + "', not '" + runbook + "'; point " + runbook
                        + ".promotion.record at this runbook's own record.");
            }
            if (!"passed".equals(r.path("outcome").asText())) {
                return refused(refusing + "the staging record " + record + " is of a run that did not pass ("
                        + r.path("outcome").asText() + ").");
            }
            if (!suiteCommit.equals(r.path("suite_commit").asText())) {
                return refused(refusing + "the staging record " + record + " is of suite commit "
                        + r.path("suite_commit").asText() + ", this is " + suiteCommit
                        + "; verify this commit on staging first.");
            }
            if (!digest().equals(r.path("deployed_files_sha256").asText())) {
                return refused(refusing + "the runbook's files differ from those that passed on staging (" + record
                        + "); verify these files on staging first.");
            }
            return new Verdict(
                    Optional.empty(),
                    record + " (sha256 " + EvidenceFolder.sha256(record) + ", staging run "
                            + r.path("finished_at").asText() + ")");
        } catch (IOException e) {
            return refused(refusing + "the staging record " + record + " is not readable JSON ("
                    + String.valueOf(e.getMessage()).split("\n")[0] + ").");
        }
    }

    private static Verdict refused(String sentence) {
        return new Verdict(Optional.of(sentence), null);
    }
}
