package runbooks.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Documentation: the README stays a guide, and every link in README.md and docs/ leads somewhere")
class DocumentationTest {

    private static final Path BASEDIR = Path.of(System.getProperty("runbooks.basedir", "."));
    private static final Path README = BASEDIR.resolve("README.md");
    private static final long README_LIMIT = 12 * 1024;

    /** Pages that other work of issue 28 adds; linked already, so a link to them may lead nowhere until it lands. */
    private static final Set<String> PAGES_TO_COME = Set.of();

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.+)$");

    @Test
    @DisplayName("README.md is at most 12 KB: the rest belongs in docs/")
    void readme_is_a_guide() throws IOException {
        assertThat(Files.size(README)).as("bytes of README.md").isLessThanOrEqualTo(README_LIMIT);
    }

    @Test
    @DisplayName("each relative link of README.md and docs/**.md names an existing file, and an existing heading")
    void every_link_resolves() throws IOException {
        List<Path> pages;
        try (Stream<Path> docs = Files.walk(BASEDIR.resolve("docs"))) {
            pages = Stream.concat(
                            Stream.of(README), docs.filter(p -> p.toString().endsWith(".md")))
                    .toList();
        }
        assertThat(brokenLinks(BASEDIR, pages)).as("links that lead nowhere").isEmpty();
    }

    @Test
    @DisplayName("a planted link to a missing page and one to a missing heading are both found")
    void should_find_planted_broken_links(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(
                dir.resolve("page.md"),
                "# Title\n\n## A section\n\n[ok](#a-section) [gone](other.md) [no heading](page.md#nowhere)"
                        + " [web](https://example.org/x)\n");

        assertThat(brokenLinks(dir, List.of(page)))
                .containsExactly(
                        "page.md: other.md (no such file)", "page.md: page.md#nowhere (no such heading in page.md)");
    }

    static List<String> brokenLinks(Path basedir, List<Path> pages) throws IOException {
        Path root = basedir.toAbsolutePath().normalize();
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Path from = root.relativize(page.toAbsolutePath().normalize());
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue;
                }
                String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : "";
                Path target = file.isEmpty()
                        ? page.toAbsolutePath().normalize()
                        : page.toAbsolutePath().getParent().resolve(file).normalize();
                String relative = root.relativize(target).toString();
                if (!Files.exists(target)) {
                    if (!PAGES_TO_COME.contains(relative)) {
                        broken.add(from + ": " + link + " (no such file)");
                    }
                } else if (!anchor.isEmpty() && !anchors(target).contains(anchor)) {
                    broken.add(from + ": " + link + " (no such heading in " + relative + ")");
                }
            }
        }
        return broken;
    }

    @Test
    @DisplayName("headings become anchors as GitHub makes them")
    void anchors_follow_github() {
        assertThat(anchor("Runbook `mes` (`MesSettings`)")).isEqualTo("runbook-mes-messettings");
        assertThat(anchor("Staging and production in a screen")).isEqualTo("staging-and-production-in-a-screen");
    }

    private static Set<String> anchors(Path page) throws IOException {
        if (!page.toString().endsWith(".md")) {
            return Set.of();
        }
        return HEADING.matcher(Files.readString(page))
                .results()
                .map(r -> anchor(r.group(1)))
                .collect(Collectors.toSet());
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\- _]", "")
                .replace(' ', '-');
    }
}
