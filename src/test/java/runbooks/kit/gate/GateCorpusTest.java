package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.junit.Settings;

/**
 * The gate against a corpus of migrations with known findings ({@code src/test/resources/gate-corpus/}):
 * each file holds {@code -- expect: <rules>}, the schema before, {@code -- migration}, and the migration.
 * Precision and recall over (case, rule) pairs are printed and written to {@code target/gate-corpus.txt}.
 * A case marked {@code -- known-gap: <why>} states a finding the gate should make and does not: it counts
 * against recall instead of failing the build. A case with {@code -- allow-only: <kinds>} is judged under that
 * allow-list policy ({@link SafetyGate#allowingOnly}).
 *
 * <p>A case is rehearsed on its {@code -- target-version:}'s major (default 170000), as the gate's users are
 * ({@link RehearsalClusters}); {@code -- rehearse-on-shared-cluster: <why>} rehearses it on the kit's shared local
 * cluster instead (an older one: what happens where the target's binaries cannot be had). {@code -- tool: diesel}
 * creates that tool's journal table first ({@link ToolJournal}); {@code -- not-judged: <n>} states how many statements
 * the report must count as not judged.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class GateCorpusTest {

    private static final AtomicInteger TRUE_POSITIVES = new AtomicInteger();
    private static final AtomicInteger FALSE_POSITIVES = new AtomicInteger();
    private static final AtomicInteger FALSE_NEGATIVES = new AtomicInteger();
    private static final AtomicInteger CASES = new AtomicInteger();

    @TempDir
    Path dir;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(corpus())) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    static Path corpus() {
        return Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).resolve("src/test/resources/gate-corpus");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_report_exactly_the_expected_rules(String name) throws Exception {
        String text = Files.readString(corpus().resolve(name));
        String[] parts = text.split("(?m)^-- migration\\s*$", 2);
        Set<String> expected = expected(parts[0]);
        int targetVersion = parts[0].lines()
                .filter(l -> l.startsWith("-- target-version:"))
                .map(l -> Integer.parseInt(
                        l.substring("-- target-version:".length()).trim()))
                .findFirst()
                .orElse(170000);

        boolean onShared = parts[0].lines().anyMatch(l -> l.startsWith("-- rehearse-on-shared-cluster:"));
        ConnectionSpec rehearsal = (onShared
                        ? LocalTargets.cluster()
                        : RehearsalClusters.forTarget(LocalTargets.cluster(), targetVersion)
                                .cluster())
                .createDatabase("gate_case");
        header(parts[0], "-- tool:")
                .ifPresent(tool -> ToolJournal.named(tool)
                        .orElseThrow(() -> new IllegalArgumentException("unknown tool " + tool))
                        .createIn(rehearsal));
        try (Connection c = Connections.open(rehearsal);
                Statement s = c.createStatement()) {
            s.execute(parts[0]);
        }
        Path migration = Files.writeString(dir.resolve("V2__" + name), parts[1]);
        SafetyGate gate = new SafetyGate(rehearsal, targetVersion, Duration.ofSeconds(1));
        Set<String> allowOnly = parts[0].lines()
                .filter(l -> l.startsWith("-- allow-only:"))
                .flatMap(l ->
                        Arrays.stream(l.substring("-- allow-only:".length()).split(",")))
                .map(String::trim)
                .collect(Collectors.toSet());
        List<Finding> findings =
                (allowOnly.isEmpty() ? gate : gate.allowingOnly(allowOnly)).inspect(List.of(migration));

        Set<String> actual = findings.stream()
                .filter(f -> !f.severity().equals("info"))
                .map(f -> f.rule() + (f.isAllowed() ? ":allowed" : ""))
                .collect(Collectors.toCollection(TreeSet::new));
        header(parts[0], "-- not-judged:")
                .ifPresent(
                        n -> assertThat(new GateReport(List.of(migration), findings, Policy.parse("error")).notJudged())
                                .as("statements not judged in %s:%n%s", name, Finding.lines(findings))
                                .hasSize(Integer.parseInt(n)));
        CASES.incrementAndGet();
        actual.forEach(a -> (expected.contains(a) ? TRUE_POSITIVES : FALSE_POSITIVES).incrementAndGet());
        expected.stream().filter(e -> !actual.contains(e)).forEach(e -> FALSE_NEGATIVES.incrementAndGet());
        if (parts[0].lines().anyMatch(l -> l.startsWith("-- known-gap:"))) {
            System.out.println("[gate] known gap " + name + ": expected " + expected + ", found " + actual);
            return;
        }
        assertThat(actual)
                .as(
                        "rules found in %s:%n%s",
                        name, findings.stream().map(Finding::toString).collect(Collectors.joining("\n")))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static java.util.Optional<String> header(String header, String key) {
        return header.lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).trim())
                .findFirst();
    }

    private static Set<String> expected(String header) {
        String line = header.lines()
                .filter(l -> l.startsWith("-- expect:"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a corpus case needs a '-- expect:' line"));
        String list = line.substring("-- expect:".length()).trim();
        return list.equals("none")
                ? Set.of()
                : Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }

    @AfterAll
    static void report() throws IOException {
        int tp = TRUE_POSITIVES.get();
        int fp = FALSE_POSITIVES.get();
        int fn = FALSE_NEGATIVES.get();
        String line = String.format(
                "gate corpus: %d cases, %d expected findings; precision %.3f (%d/%d), recall %.3f (%d/%d)",
                CASES.get(),
                tp + fn,
                tp + fp == 0 ? 1.0 : (double) tp / (tp + fp),
                tp,
                tp + fp,
                tp + fn == 0 ? 1.0 : (double) tp / (tp + fn),
                tp,
                tp + fn);
        System.out.println("[gate] " + line);
        Path out = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).resolve("target/gate-corpus.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n");
    }
}
