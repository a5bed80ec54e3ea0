package runbooks.kit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import runbooks.kit.sql.SqlFiles;

/**
 * A defect drill: runs a runbook class with exactly one defect injected and proves that exactly the
 * step that exists to catch it fails, every step before it passed (or was skipped by environment), and
 * every step after it was stopped.
 *
 * <pre>{@code
 * Drill.of(MesDeployRunbookIT.class).overlay("mes/missing-index").failsAt("03.3");
 * }</pre>
 */
public final class Drill {

    private final Class<?> runbook;
    private final Map<String, String> configuration = new LinkedHashMap<>();

    private static final java.util.concurrent.atomic.AtomicInteger RUNS =
            new java.util.concurrent.atomic.AtomicInteger();

    private Drill(Class<?> runbook) {
        this.runbook = runbook;
        configuration.put("env", "local");
        // Drills run in parallel: each has a work folder (merged overlays, manifests, backups) of its own.
        Path workdir = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."))
                .resolve("target/runbooks/drills")
                .resolve(runbook.getSimpleName() + "-" + RUNS.incrementAndGet());
        configuration.put(Settings.WORKDIR_PROPERTY, workdir.toString());
        configuration.put(
                Settings.EVIDENCE_PROPERTY, workdir.resolve("evidence").toString());
    }

    public static Drill of(Class<?> runbook) {
        return new Drill(runbook);
    }

    /**
     * Overlays {@code sql/} with {@code src/test/resources/drills/<name>/}: a {@code <file>.patch} there is
     * a unified diff applied to that sql/ file (the diff is the defect); any other file is added or replaces.
     */
    public Drill overlay(String name) {
        Path dir = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."))
                .resolve("src/test/resources/drills")
                .resolve(name);
        Assertions.assertThat(dir).as("drill overlay folder").isDirectory();
        return with(SqlFiles.OVERLAY_PROPERTY, dir.toString());
    }

    /** A configuration parameter (or environment variable) for this run. */
    public Drill with(String key, String value) {
        configuration.put(key, value);
        return this;
    }

    /** One step's outcome: its display name, and why it was skipped or how it failed. */
    public record Step(String name, String outcome, String detail, Throwable thrown) {
        public Step(String name, String outcome, String detail) {
            this(name, outcome, detail, null);
        }

        @Override
        public String toString() {
            return name + ": " + outcome
                    + (detail == null ? "" : " (" + detail.strip().replaceAll("\\s+", " ") + ")");
        }
    }

    public List<Step> run() {
        var events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(runbook))
                .configurationParameters(configuration)
                .execute()
                .allEvents();
        List<Step> steps = new ArrayList<>();
        List<Step> containers = new ArrayList<>();
        for (Event e : events.list()) {
            if (!e.getTestDescriptor().isTest()) {
                e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .ifPresent(t -> containers.add(new Step(
                                e.getTestDescriptor().getDisplayName() + " (the runbook, not a step)",
                                "failed",
                                String.valueOf(t.getMessage()),
                                t)));
                continue;
            }
            String name = e.getTestDescriptor().getDisplayName();
            if (e.getType() == EventType.SKIPPED) {
                steps.add(new Step(name, "skipped", e.getPayload(String.class).orElse("")));
            } else if (e.getType() == EventType.FINISHED) {
                TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                steps.add(new Step(
                        name,
                        r.getStatus().name().toLowerCase(),
                        r.getThrowable()
                                .map(t -> String.valueOf(t.getMessage()))
                                .orElse(null),
                        r.getThrowable().orElse(null)));
            }
        }
        // A runbook that fails before any step fails (a declaration refused, a document that cannot be read): its
        // sentence is the drill's finding, not an empty list of steps.
        if (steps.stream().noneMatch(s -> s.outcome().equals("failed"))) {
            steps.addAll(containers);
        }
        return steps;
    }

    /**
     * Runs the drill and asserts that the step whose name starts with {@code section} is the only one
     * that failed, and that the runbook stopped there. Returns the failure's message for further checks.
     */
    public String failsAt(String section) {
        return failingStep(section).detail();
    }

    /** {@link #failsAt}, returning the failed step itself (its exception, for the report's category). */
    public Step failingStep(String section) {
        List<Step> steps = run();
        String report = steps.stream().map(Step::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
        List<Step> failed =
                steps.stream().filter(s -> s.outcome().equals("failed")).toList();
        Assertions.assertThat(failed)
                .as("failed steps of %s under this drill:%s", runbook.getSimpleName(), report)
                .extracting(Step::name)
                .singleElement()
                .asString()
                .matches(n -> n.equals(section) || n.startsWith(section + " "), "is the step " + section);
        int at = steps.indexOf(failed.get(0));
        Assertions.assertThat(steps.subList(0, at))
                .as("steps before %s:%s", section, report)
                .allSatisfy(s -> Assertions.assertThat(s.outcome()).isIn("successful", "skipped", "aborted"));
        Assertions.assertThat(steps.subList(0, at))
                .as("steps before %s, none stopped by a failure:%s", section, report)
                .noneSatisfy(
                        s -> Assertions.assertThat(s.detail()).contains("a runbook stops at its first failing step"));
        Assertions.assertThat(steps.subList(at + 1, steps.size()))
                .as("steps after %s:%s", section, report)
                .allSatisfy(s -> Assertions.assertThat(s.outcome()).isIn("skipped", "aborted"));
        return failed.get(0);
    }
}
