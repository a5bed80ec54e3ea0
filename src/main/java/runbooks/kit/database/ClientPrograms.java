package runbooks.kit.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's client programs ({@code psql}, {@code pg_dump}) are looked for, in order: the folder a setting names,
 * every folder on the PATH, then {@code /usr/lib/postgresql/<major>/bin} (Debian and Ubuntu install one per major there,
 * newest first) and {@code /usr/pgsql-<major>/bin} (the PGDG RPMs).
 */
public final class ClientPrograms {

    private ClientPrograms() {}

    /** The folders to look in, {@code configured} (a folder or a program in it) first. */
    public static Set<Path> folders(Optional<String> configured) {
        Set<Path> dirs = new LinkedHashSet<>();
        configured
                .filter(c -> !c.isBlank())
                .map(Path::of)
                .map(p -> Files.isDirectory(p) ? p : p.getParent())
                .ifPresent(dirs::add);
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        for (String root : java.util.List.of("/usr/lib/postgresql", "/usr")) {
            try (Stream<Path> majors = Files.list(Path.of(root))) {
                majors.filter(p -> root.equals("/usr/lib/postgresql")
                                || p.getFileName().toString().startsWith("pgsql-"))
                        .sorted(Comparator.reverseOrder())
                        .map(p -> p.resolve("bin"))
                        .forEach(dirs::add);
            } catch (IOException e) {
                // not there: nothing installed in that layout
            }
        }
        return dirs;
    }

    /** The first {@code psql} found, of any version (reading a script needs no particular one). */
    public static Optional<Path> psql() {
        return folders(Optional.ofNullable(System.getenv("PG_BIN"))).stream()
                .map(d -> d.resolve("psql"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
