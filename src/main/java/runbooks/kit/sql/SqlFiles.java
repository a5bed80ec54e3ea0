package runbooks.kit.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import runbooks.kit.env.ConfigurationException;

/**
 * The project's {@code sql/} folder, optionally with an overlay folder whose files replace the ones of
 * the same relative path. Drills use the overlay to inject exactly one defective file.
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
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("sql/" + relative + " does not exist; the runbook needs it.");
        }
        try {
            return new SqlFile(relative, Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    /**
     * The folder {@code relative} with the overlay applied: the folder itself when nothing overlays it,
     * otherwise a merged copy under {@code workDir} (Flyway reads one location).
     */
    public Path directory(String relative, Path workDir) {
        Path base = root.resolve(relative);
        Optional<Path> over = overlay.map(o -> o.resolve(relative)).filter(Files::isDirectory);
        if (over.isEmpty()) {
            return base;
        }
        Path merged = workDir.resolve(relative);
        try {
            Files.createDirectories(merged);
            try (Stream<Path> old = Files.list(merged)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
            for (Path from : new Path[] {base, over.get()}) {
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.copy(f, merged.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not merge " + base + " with its overlay", e);
        }
        return merged;
    }

    private Path locate(String relative) {
        return overlay.map(o -> o.resolve(relative)).filter(Files::isRegularFile).orElse(root.resolve(relative));
    }
}
