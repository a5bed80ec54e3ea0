package runbooks.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Qualified names: no type is written with its package where an import or the package already names it")
class QualifiedNamesTest {

    private static final Path BASEDIR = Path.of(System.getProperty("runbooks.basedir", "."));

    @Test
    @DisplayName("src/main and src/test write no imported, same-package or java.lang type with its package")
    void should_find_no_redundant_qualified_name() throws IOException {
        List<String> found;
        try (Stream<Path> files = Stream.concat(
                Files.walk(BASEDIR.resolve("src/main/java")), Files.walk(BASEDIR.resolve("src/test/java")))) {
            found = files.filter(f -> f.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(f -> QualifiedNames.redundant(read(f)).stream().map(hit -> f + " " + hit))
                    .toList();
        }
        assertThat(found)
                .as("names to write without their package (the import is there)")
                .isEmpty();
    }

    @Test
    @DisplayName("a planted imported, same-package and java.lang name is each found, with its line")
    void should_find_each_planted_name() {
        String planted = """
                package runbooks.orders;

                import java.time.Duration;

                class Planted {
                    java.time.Duration wait = Duration.ZERO;
                    runbooks.orders.Other other;
                    java.lang.String name;
                }
                """;

        assertThat(QualifiedNames.redundant(planted))
                .containsExactlyInAnyOrder(
                        "line 6: java.time.Duration", "line 7: runbooks.orders.Other", "line 8: java.lang.String");
    }

    @Test
    @DisplayName("names in comments and strings, types not imported, and the imports themselves are left alone")
    void should_leave_comments_strings_and_needed_names() {
        String needed = """
                package runbooks.orders;

                import java.sql.Date;

                /** Unlike {@link java.sql.Date}, a java.util.Date here needs its package. */
                class Needed {
                    java.util.Date then; // java.sql.Date
                    String s = "java.sql.Date";
                    Date today;
                }
                """;

        assertThat(QualifiedNames.redundant(needed)).isEmpty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
