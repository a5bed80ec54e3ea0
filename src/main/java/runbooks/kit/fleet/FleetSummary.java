package runbooks.kit.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.fleet.TargetResult.Outcome;

/**
 * A fleet run's summary, written as {@code fleet-summary.json} (Jackson) and {@code fleet-summary.md}: the counts
 * first, the whole fleet's and each wave's, then one line per target in wave order. A shard writes its own under
 * {@code shard-<i>-of-<n>/}; {@link #merge} makes the one summary of all shards.
 */
public record FleetSummary(
        String environment,
        String runbook,
        int shards,
        Counts total,
        List<WaveCounts> waves,
        List<TargetResult> targets) {

    public static final String JSON = "fleet-summary.json";
    public static final String MARKDOWN = "fleet-summary.md";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Counts(int deployed, int verified, int failed, int notRun) {
        static Counts of(List<TargetResult> results) {
            return new Counts(
                    count(results, Outcome.DEPLOYED),
                    count(results, Outcome.VERIFIED),
                    count(results, Outcome.FAILED),
                    count(results, Outcome.NOT_RUN));
        }

        private static int count(List<TargetResult> results, Outcome outcome) {
            return (int) results.stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    public record WaveCounts(int wave, int targets, Counts counts) {}

    /** The summary of {@code results}, sorted in wave order. */
    public static FleetSummary of(String environment, String runbook, int shards, List<TargetResult> results) {
        List<TargetResult> sorted = results.stream()
                .sorted(Comparator.comparingInt(TargetResult::position))
                .toList();
        List<WaveCounts> waves = sorted.stream()
                .collect(Collectors.groupingBy(TargetResult::wave, TreeMap::new, Collectors.toList()))
                .entrySet()
                .stream()
                .map(w -> new WaveCounts(w.getKey(), w.getValue().size(), Counts.of(w.getValue())))
                .toList();
        return new FleetSummary(environment, runbook, shards, Counts.of(sorted), waves, sorted);
    }

    /**
     * The merge step after the shards: the summaries of every shard under {@code folder} ({@code
     * shard-*}/fleet-summary.json) made one, and written into {@code folder}. Every shard must be there.
     */
    public static FleetSummary merge(Path folder) {
        List<FleetSummary> parts = new ArrayList<>();
        try (Stream<Path> shards = Files.list(folder)) {
            for (Path shard : shards.filter(d -> d.getFileName().toString().startsWith("shard-"))
                    .sorted()
                    .toList()) {
                if (Files.isRegularFile(shard.resolve(JSON))) {
                    parts.add(MAPPER.readValue(shard.resolve(JSON).toFile(), FleetSummary.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parts.isEmpty()) {
            throw new ConfigurationException(
                    "No shard summary under " + folder + ": run the shards (-D" + Shard.PROPERTY + "=i/n) first.");
        }
        FleetSummary first = parts.get(0);
        int expected = first.shards();
        if (parts.size() != expected) {
            throw new ConfigurationException(folder + " holds " + parts.size() + " shard summaries of " + expected
                    + ": run the missing shards before merging.");
        }
        FleetSummary merged = of(
                first.environment(),
                first.runbook(),
                expected,
                parts.stream().flatMap(p -> p.targets().stream()).toList());
        merged.write(folder);
        return merged;
    }

    /** A summary written by {@link #write}; one sentence when it cannot be read. */
    public static FleetSummary read(Path json) {
        try {
            return MAPPER.readValue(json.toFile(), FleetSummary.class);
        } catch (IOException e) {
            throw new ConfigurationException(json + " is not a fleet summary ("
                    + e.getMessage().lines().findFirst().orElse("") + ").");
        }
    }

    /** Writes {@code fleet-summary.json} and {@code fleet-summary.md} into {@code folder}. */
    public void write(Path folder) {
        try {
            Files.createDirectories(folder);
            MAPPER.writeValue(folder.resolve(JSON).toFile(), this);
            Files.writeString(folder.resolve(MARKDOWN), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary a DBA reads first: counts, per wave, then the targets that did not pass, then every target. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# Fleet run: " + runbook + " on " + environment + "\n\n");
        md.append(targets.size())
                .append(" targets")
                .append(shards > 1 ? ", merged from " + shards + " shards" : "")
                .append(": **")
                .append(total.deployed())
                .append(" deployed, ")
                .append(total.verified())
                .append(" verified, ")
                .append(total.failed())
                .append(" failed, ")
                .append(total.notRun())
                .append(" not run**\n\n");
        md.append("| wave | targets | deployed | verified | failed | not run |\n|---:|---:|---:|---:|---:|---:|\n");
        for (WaveCounts w : waves) {
            md.append("| ")
                    .append(w.wave())
                    .append(" | ")
                    .append(w.targets())
                    .append(" | ")
                    .append(w.counts().deployed())
                    .append(" | ")
                    .append(w.counts().verified())
                    .append(" | ")
                    .append(w.counts().failed())
                    .append(" | ")
                    .append(w.counts().notRun())
                    .append(" |\n");
        }
        List<TargetResult> failed =
                targets.stream().filter(t -> t.outcome() == Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            md.append("\n## Failed\n\n");
            failed.forEach(t -> md.append("- **")
                    .append(t.name())
                    .append("** (wave ")
                    .append(t.wave())
                    .append("): ")
                    .append(t.failedStep())
                    .append(": ")
                    .append(cell(t.reason()))
                    .append(" — ")
                    .append(t.evidence())
                    .append("\n"));
        }
        targets.stream()
                .filter(t -> t.outcome() == Outcome.NOT_RUN)
                .map(TargetResult::reason)
                .distinct()
                .forEach(r -> md.append("\nNot run: ").append(r).append("\n"));
        md.append(
                "\n## Targets\n\n| target | wave | run mode | outcome | failed step | evidence |\n|---|---:|---|---|---|---|\n");
        IntStream.range(0, targets.size())
                .mapToObj(targets::get)
                .forEach(t -> md.append("| ")
                        .append(t.name())
                        .append(" | ")
                        .append(t.wave())
                        .append(" | ")
                        .append(t.mode() == null ? "" : t.mode())
                        .append(" | ")
                        .append(t.outcome().words())
                        .append(" | ")
                        .append(t.failedStep() == null ? "" : cell(t.failedStep()))
                        .append(" | ")
                        .append(t.evidence() == null ? "" : t.evidence())
                        .append(" |\n"));
        return md.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ").replace("|", "\\|");
    }
}
