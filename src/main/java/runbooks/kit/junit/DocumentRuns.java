package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import runbooks.kit.document.Declaration;
import runbooks.kit.env.ConfigurationException;

/**
 * The runbooks written as documents: every folder {@code sql/<id>/} holding a {@value Declaration#FILE}, each run as one
 * ordered suite of its document's numbered sections ({@link DocumentRunbook}). {@value #ONLY} limits a run to some.
 */
public final class DocumentRuns {

    /** Comma-separated ids of the document runbooks to run (default: all). */
    public static final String ONLY = "runbooks.documents.only";

    private final Function<String, Optional<String>> config;

    DocumentRuns(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /** The ids of the document runbooks under {@code sql/}, in name order. */
    public List<String> ids() {
        Path sql = RunConfiguration.basedir(config).resolve("sql");
        List<String> only =
                config.apply(ONLY).map(s -> Arrays.asList(s.split("\\s*,\\s*"))).orElse(List.of());
        try (Stream<Path> dirs = Files.list(sql)) {
            List<String> all = dirs.filter(d -> Files.isRegularFile(d.resolve(Declaration.FILE)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
            List<String> unknown = only.stream().filter(id -> !all.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new ConfigurationException("-D" + ONLY + " names " + unknown + ", which "
                        + (unknown.size() == 1 ? "is" : "are") + " not a runbook under " + sql
                        + " (a folder holding " + Declaration.FILE + "); the runbooks there are " + all + ".");
            }
            return all.stream()
                    .filter(id -> only.isEmpty() || only.contains(id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + sql, e);
        }
    }

    public Stream<DynamicContainer> tests() {
        return ids().stream().map(id -> {
            if (!id.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "sql/" + id + "/ holds a runbook declaration, but a runbook's id (its"
                                + " folder's name) names databases and settings, so it is lower-case letters, digits and _:"
                                + " rename the folder to sql/"
                                + id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
                                + "/.");
            }
            return new DocumentRunbook(id, config).tests();
        });
    }
}
