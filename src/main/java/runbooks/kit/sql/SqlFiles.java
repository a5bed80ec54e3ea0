package runbooks.kit.sql;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import runbooks.kit.env.ConfigurationException;

/**
 * The project's {@code sql/} folder, optionally with an overlay folder. An overlay file replaces the file
 * of the same relative path (or adds one); an overlay {@code <file>.patch} (a unified diff) is applied to
 * it. Drills use the overlay to inject exactly one defect, and a patch shows exactly which.
 */
public final class SqlFiles {

    /** System property (or JUnit configuration parameter) naming an overlay folder; none by default. */
    public static final String OVERLAY_PROPERTY = "runbooks.sql.overlay";

    private final Path root;
    private final Optional<Path> overlay;

    public SqlFiles(Path root, Optional<Path> overlay) {
        this.root = root;
        this.overlay = overlay;
        overlay.filter(o -> !Files.isDirectory(o)).ifPresent(o -> {
            throw new ConfigurationException(OVERLAY_PROPERTY + " names " + o + ", which is not a folder.");
        });
    }

    public Optional<Path> overlay() {
        return overlay;
    }

    public SqlFile file(String relative) {
        Path path = locate(relative);
        Optional<Path> patch = overlay.map(o -> o.resolve(relative + ".patch")).filter(Files::isRegularFile);
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("sql/" + relative + " does not exist; the runbook needs it.");
        }
        try {
            String text = Files.readString(path);
            return new SqlFile(
                    relative, patch.isPresent() && path.startsWith(root) ? patched(text, patch.get()) : text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    private static String patched(String text, Path patchFile) throws IOException {
        try {
            Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(Files.readAllLines(patchFile));
            return String.join("\n", DiffUtils.patch(text.lines().toList(), patch)) + "\n";
        } catch (PatchFailedException e) {
            throw new ConfigurationException(patchFile + " does not apply to its sql/ file (" + e.getMessage()
                    + "); regenerate it with diff -u.");
        }
    }

    /** The {@code .sql} files of {@code sql/<folder>} (overlay applied), as {@code <folder>/<file>}, in name order. */
    public java.util.List<String> filesIn(String folder, Path workDir) {
        try (Stream<Path> files = Files.list(directory(folder, workDir))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .map(f -> folder + "/" + f)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The folder {@code relative} with the overlay applied: the folder itself when nothing overlays it,
     * otherwise a merged copy under {@code workDir} (a migration tool reads one folder).
     */
    public Path directory(String relative, Path workDir) {
        Path base = root.resolve(relative);
        Optional<Path> over = overlay.map(o -> o.resolve(relative)).filter(Files::isDirectory);
        if (over.isEmpty()) {
            return base;
        }
        Path merged = workDir.resolve(relative);
        try {
            if (Files.exists(merged)) {
                try (Stream<Path> old = Files.walk(merged)) {
                    for (Path p :
                            old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(merged);
            // Folders may nest (Prisma: <migration>/migration.sql): the overlay's tree is laid over the base tree.
            for (Path from : new Path[] {base, over.get()}) {
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Path rel = from.relativize(f);
                        String name = f.getFileName().toString();
                        Files.createDirectories(merged.resolve(rel).getParent());
                        if (name.endsWith(".patch")) {
                            Path target = rel.resolveSibling(name.substring(0, name.length() - ".patch".length()));
                            Files.writeString(
                                    merged.resolve(target), patched(Files.readString(base.resolve(target)), f));
                        } else {
                            Files.copy(f, merged.resolve(rel), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not merge " + base + " with its overlay", e);
        }
        return merged;
    }

    private Path locate(String relative) {
        return overlay.map(o -> o.resolve(relative))
                .filter(Files::isRegularFile)
                .orElse(root.resolve(relative));
    }
}
