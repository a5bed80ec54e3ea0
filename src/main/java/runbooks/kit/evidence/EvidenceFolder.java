package runbooks.kit.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's evidence for one runbook as plain files, in a folder of its own ({@code
 * target/evidence/<env>/<runbook>/<run-id>/}): everything the report attaches (SQL applied, rows seen, manifests,
 * schema snapshots, progress logs), one file each, named by order and step; this run's {@code apply-log.md} entries;
 * and {@code SHA256SUMS} over them in {@code sha256sum}'s format (so {@code sha256sum -c SHA256SUMS} checks the
 * folder). The runbook's folder keeps {@code apply-log.md}, appended to by every run and never rewritten, and
 * {@code latest}, a link to the newest run. Nothing is ever deleted: a refused or failed run cannot remove the
 * evidence of the deploy before it.
 */
public final class EvidenceFolder {

    public static final String SUMS = "SHA256SUMS";
    public static final String APPLY_LOG = "apply-log.md";
    private static final ThreadLocal<EvidenceFolder> CURRENT = new ThreadLocal<>();

    private final Path dir;
    /** The runbook's apply log, every run's entries; the run folder's own apply-log.md holds this run's. */
    private final Path sharedLog;

    private int sequence;
    private String step = "00";
    private final List<Path> stepFiles = new ArrayList<>();

    private EvidenceFolder(Path dir, Path sharedLog) {
        this.dir = dir;
        this.sharedLog = sharedLog;
    }

    /** The folder {@code dir} as given (a drill's, a test's): created where missing, nothing in it removed. */
    public static EvidenceFolder open(Path dir, Path applyLogDir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the evidence folder " + dir, e);
        }
        return new EvidenceFolder(dir, applyLogDir.resolve(APPLY_LOG));
    }

    /**
     * A new folder for a run starting at {@code started}, under {@code runbookDir} ({@code 20261201T204501Z}, with a
     * suffix where two runs start in the same second), and {@code runbookDir/latest} pointing at it.
     */
    public static EvidenceFolder newRun(Path runbookDir, java.time.Instant started) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(started);
        try {
            Files.createDirectories(runbookDir);
            Path dir = runbookDir.resolve(stamp);
            for (int n = 2; ; n++) {
                try {
                    Files.createDirectory(dir);
                    break;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    dir = runbookDir.resolve(stamp + "-" + n);
                }
            }
            pointLatestAt(runbookDir, dir.getFileName());
            return new EvidenceFolder(dir, runbookDir.resolve(APPLY_LOG));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create an evidence folder under " + runbookDir, e);
        }
    }

    /** {@code latest}: a symbolic link to the newest run's folder, replaced in one rename (a LATEST file where links are not allowed). */
    private static void pointLatestAt(Path runbookDir, Path run) throws IOException {
        Path link = runbookDir.resolve("latest");
        Path next = runbookDir.resolve(".latest-" + run);
        try {
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, run);
            Files.move(
                    next,
                    link,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(next);
            Files.writeString(runbookDir.resolve("LATEST"), run + "\n", StandardCharsets.UTF_8);
        }
    }

    /** The folder of the runbook on this environment, where the shared apply log is (the run folder itself when given as is). */
    public Path runbookDir() {
        return sharedLog.getParent();
    }

    public Path dir() {
        return dir;
    }

    /** The folder the current thread's step writes to, if any. */
    static Optional<EvidenceFolder> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Starts a step: its files are named after its section ("03.2"). */
    public synchronized void beginStep(String displayName) {
        step = displayName.split(" ", 2)[0];
        stepFiles.clear();
        CURRENT.set(this);
    }

    /** Ends the step; returns the files it wrote with their sha256, as sha256sum lines. */
    public synchronized String endStep() {
        CURRENT.remove();
        StringBuilder out = new StringBuilder();
        for (Path f : stepFiles.stream().filter(Files::isRegularFile).toList()) {
            out.append(sha256(f)).append("  ").append(dir.relativize(f)).append('\n');
        }
        return out.toString();
    }

    synchronized void write(String name, String extension, String rawContent) {
        String content = runbooks.kit.env.Secrets.mask(rawContent);
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-+|-+$)", "");
        slug = slug.length() > 80 ? slug.substring(0, 80) : slug;
        Path file = dir.resolve(String.format("%03d-%s-%s%s", ++sequence, step, slug, extension));
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            stepFiles.add(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write evidence file " + file, e);
        }
    }

    /**
     * A named artefact a runbook's document asks for (e.g. {@code schema-snapshot-pre-0003.json}), written as is
     * and attached to the report under the same name.
     */
    public synchronized Path artefact(String fileName, String rawContent) {
        String content = runbooks.kit.env.Secrets.mask(rawContent);
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            stepFiles.add(file);
            if (io.qameta.allure.Allure.getLifecycle()
                    .getCurrentTestCaseOrStep()
                    .isPresent()) {
                String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.')) : ".txt";
                io.qameta.allure.Allure.addAttachment(
                        fileName,
                        ext.equals(".json") ? "application/json" : "text/plain",
                        new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                        ext);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write evidence file " + file, e);
        }
    }

    /**
     * Where a tool (pg_dump) writes an artefact of the current step itself: {@code fileName} in this folder,
     * listed with the step's files (its sha256 taken when the step ends) but, being large, not attached to the report.
     */
    public synchronized Path external(String fileName) {
        Path file = dir.resolve(fileName);
        stepFiles.add(file);
        return file;
    }

    /** Appends to the run's apply log now (an entry the runbook's document asks for before the apply). */
    public synchronized void appendToApplyLog(String rawText) {
        String text = runbooks.kit.env.Secrets.mask(rawText);
        for (Path log : logs()) {
            try {
                Files.writeString(
                        log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not append to " + log, e);
            }
        }
    }

    /** The run's apply log and, when it is elsewhere, the runbook's. */
    private List<Path> logs() {
        Path own = dir.resolve(APPLY_LOG);
        return own.equals(sharedLog) ? List.of(own) : List.of(own, sharedLog);
    }

    /** Appends this run's entry to the apply log, then writes SHA256SUMS over every file of the folder. */
    public synchronized void finish(String applyLogEntry) {
        try {
            appendToApplyLog(applyLogEntry);
            StringBuilder sums = new StringBuilder();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> !f.getFileName().toString().equals(SUMS))
                        .sorted()
                        .toList()) {
                    sums.append(sha256(f)).append("  ").append(f.getFileName()).append('\n');
                }
            }
            Files.writeString(dir.resolve(SUMS), sums.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not finish the evidence folder " + dir, e);
        }
    }

    /** Lowercase hex SHA-256 of a file's bytes, as sha256sum prints it. */
    /**
     * Writes {@code sumsFile} in this folder as {@code sha256sum} writes it, for those of {@code names} present here, and
     * checks it as {@code sha256sum -c} does. Returns the names it covers; a file changed since it was written fails.
     */
    public synchronized java.util.Set<String> checksums(String sumsFile, java.util.Collection<String> names) {
        StringBuilder sums = new StringBuilder();
        java.util.Set<String> present = new java.util.TreeSet<>();
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                sums.append(sha256(file)).append("  ").append(name).append('\n');
                present.add(name);
            }
        }
        artefact(sumsFile, sums.toString());
        List<String> changed = sums.toString()
                .lines()
                .filter(l -> !sha256(dir.resolve(l.substring(66))).equals(l.substring(0, 64)))
                .toList();
        if (!changed.isEmpty()) {
            throw new IllegalStateException("sha256sum -c " + sumsFile + " in " + dir + ": changed " + changed);
        }
        return present;
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a folder against its SHA256SUMS: the problems, one sentence each (a changed or missing file, a
     * file the sums do not list); empty when the folder is intact.
     */
    public static List<String> verify(Path dir) {
        Path sums = dir.resolve(SUMS);
        if (!Files.isRegularFile(sums)) {
            throw new IllegalArgumentException(
                    dir + " has no " + SUMS + ": it is not an evidence folder of this suite.");
        }
        List<String> problems = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(sums)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(" [ *]", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(sums + " has a line that is not '<sha256>  <file>': " + line);
                }
                listed.add(parts[1]);
                Path file = dir.resolve(parts[1]);
                if (!Files.isRegularFile(file)) {
                    problems.add(parts[1] + ": missing");
                } else if (!sha256(file).equals(parts[0])) {
                    problems.add(parts[1] + ": changed since the run (sha256 " + sha256(file) + ", recorded " + parts[0]
                            + ")");
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> !f.equals(SUMS) && !listed.contains(f))
                        .sorted()
                        .forEach(f -> problems.add(f + ": not in " + SUMS + " (added after the run)"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + dir, e);
        }
        return problems;
    }
}
