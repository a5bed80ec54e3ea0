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

    /**
     * The files of runbook {@code id} that a record covers: its {@code sql} folders ({@link Runbook#sql()}, default
     * {@code sql/<id>/}), {@code sql/kit/}, the migrations folder and the source of its class {@code type}.
     */
    static PromotionRecord of(
            String id, List<String> sql, Path basedir, Optional<String> migrationsDir, Class<?> type) {
        List<Path> roots = new ArrayList<>();
        for (String folder : sql.isEmpty() ? List.of(id) : sql) {
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
                id,
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

    /**
     * Judges {@code record} for a write on {@code environment}: of this runbook, from a passing run of {@code from}
     * that finished in the past, of this suite commit and these files, and backed by its evidence folder (present,
     * intact by its {@code SHA256SUMS}, its apply log saying "Outcome: passed", its own copy of the record the same).
     */
    Verdict judge(Path record, String environment, String from, String suiteCommit) {
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
            if (!from.equals(r.path("environment").asText())) {
                return refused(refusing + "the staging record " + record + " is of a run on '"
                        + r.path("environment").asText() + "', not on " + from + " as " + environment
                        + " requires (" + Settings.PROMOTION_ENVIRONMENT + ").");
            }
            Optional<String> unfinished =
                    finishedInThePast(r.path("finished_at").asText());
            if (unfinished.isPresent()) {
                return refused(refusing + "the staging record " + record + " " + unfinished.get() + ".");
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
            Optional<String> unproven = evidenceBacks(record, r);
            if (unproven.isPresent()) {
                return refused(refusing + "the staging record " + record + " " + unproven.get() + ".");
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

    /** Why {@code finishedAt} is not a moment in the past, if it is not. */
    private static Optional<String> finishedInThePast(String finishedAt) {
        try {
            java.time.Instant at = java.time.Instant.parse(finishedAt);
            return at.isAfter(java.time.Instant.now())
                    ? Optional.of("says its run finished at " + finishedAt + ", which is in the future")
                    : Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.of("has no finished_at instant (found '" + finishedAt + "')");
        }
    }

    /**
     * Why the record's evidence folder does not back it, if it does not: the folder is missing, fails its {@code
     * SHA256SUMS}, has no apply-log entry "Outcome: passed", or holds another {@code promotion.json}.
     */
    private Optional<String> evidenceBacks(Path record, JsonNode r) throws IOException {
        String named = r.path("evidence").asText();
        if (named.isBlank()) {
            return Optional.of("names no evidence folder");
        }
        Path folder = basedir.resolve(named).normalize();
        if (!Files.isDirectory(folder)) {
            return Optional.of("names the evidence folder " + folder + ", which does not exist");
        }
        if (!Files.isRegularFile(folder.resolve(EvidenceFolder.SUMS))) {
            return Optional.of("names the evidence folder " + folder + ", which has no " + EvidenceFolder.SUMS);
        }
        List<String> problems = EvidenceFolder.verify(folder);
        if (!problems.isEmpty()) {
            return Optional.of("names the evidence folder " + folder + ", which fails its " + EvidenceFolder.SUMS + " ("
                    + String.join("; ", problems) + ")");
        }
        Path log = folder.resolve(EvidenceFolder.APPLY_LOG);
        if (!Files.isRegularFile(log)
                || Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .noneMatch(l -> l.startsWith("- Outcome: passed"))) {
            return Optional.of("names the evidence folder " + folder + ", whose " + EvidenceFolder.APPLY_LOG
                    + " has no entry with \"Outcome: passed\"");
        }
        Path own = folder.resolve(FILE);
        if (!Files.isRegularFile(own) || !JSON.readTree(own.toFile()).equals(r)) {
            return Optional.of("differs from the " + FILE + " its evidence folder " + folder + " holds");
        }
        return Optional.empty();
    }

    private static Verdict refused(String sentence) {
        return new Verdict(Optional.of(sentence), null);
    }
}
