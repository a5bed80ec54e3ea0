package runbooks.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.junit.OnlyIn;
import runbooks.kit.junit.RunbookContext;

/**
 * Every acceptance step of every runbook has a defect drill. The steps are read from the runbook classes
 * (their {@code @Test} methods' section numbers); the drilled sections from the {@code failsAt("...")}
 * calls of the runbook's drills class (the section a drill proves fails, not what its name says).
 */
@DisplayName("Drill coverage: every acceptance step has a drill")
class DrillCoverageTest {

    /** Runbook class -> its drills class. */
    private static final Map<String, String> RUNBOOKS = Map.of(
            "runbooks.mes.MesDeployRunbookIT", "mes/MesDeployDrillsTest.java",
            "runbooks.agg.AggregatorCursorFixRunbookIT", "agg/AggregatorCursorFixDrillsTest.java",
            "runbooks.agg.Phase5RedesignRunbookIT", "agg/Phase5RedesignDrillsTest.java",
            "runbooks.usage.UsageEventWindowsRunbookIT", "usage/UsageEventWindowsDrillsTest.java",
            "runbooks.backtest.BacktestResultsDeployRunbookIT", "backtest/BacktestResultsDeployDrillsTest.java");

    /**
     * Steps known to have no drill yet, each with why; the test fails when one of them gains a drill (take
     * it off this list) and when any other step has none.
     */
    private static final Map<String, String> KNOWN_GAPS = Map.of(
            "MesDeployRunbookIT 07.3", "the wrong-target refusal is proved by the 03.1 drill; a defect in 07.3 itself is a kit defect (TargetTest)",
            "UsageEventWindowsRunbookIT 00.1", "reports the document's drizzle-kit commands as runbook defects, whatever the target holds",
            "UsageEventWindowsRunbookIT 08", "point-in-time restore is a human step: the step only says so",
            "UsageEventWindowsRunbookIT 09", "the document's drizzle-kit down does not exist: the step only reports the runbook defect",
            "UsageEventWindowsRunbookIT 11", "within one run nothing can change a file between writing and checking it; a tampered file is"
                    + " named by EvidenceFolderTest (sha256sum -c and the verify command)",
            "BacktestResultsDeployRunbookIT 14", "the document's own rollback is tried in one transaction and reported as a runbook defect"
                    + " (skipped with the reason) whatever happens; what a rollback must achieve is step 15's to check, and it has a drill",
            "BacktestResultsDeployRunbookIT 16", "restates the checksums of 01, 02, 08 and 15 as the document's one criterion; a row lost or"
                    + " changed stops the runbook at 08 (deploy) or 15 (rollback) first, each with its drill");

    private static final Pattern FAILS_AT = Pattern.compile("failsAt\\(\"([^\"]+)\"\\)");

    @Test
    @DisplayName("every step of every runbook, but its local stand-in builder, has a drill that fails exactly there")
    void should_have_a_drill_for_every_acceptance_step() throws Exception {
        Set<String> missing = new TreeSet<>();
        Set<String> gapsClosed = new TreeSet<>();
        for (var entry : RUNBOOKS.entrySet()) {
            Class<?> runbook = Class.forName(entry.getKey());
            Set<String> drilled = drilledSections(entry.getValue());
            for (String section : steps(runbook)) {
                String step = runbook.getSimpleName() + " " + section;
                boolean gap = KNOWN_GAPS.containsKey(step);
                if (!drilled.contains(section) && !gap) {
                    missing.add(step);
                }
                if (drilled.contains(section) && gap) {
                    gapsClosed.add(step);
                }
            }
        }
        assertThat(missing).as("acceptance steps without a drill (add one to the runbook's *DrillsTest)").isEmpty();
        assertThat(gapsClosed).as("steps listed as known gaps that now have a drill (remove them from KNOWN_GAPS)").isEmpty();
    }

    /** The section numbers of a runbook's steps, without the steps that only build the local stand-in. */
    static List<String> steps(Class<?> runbook) {
        return Arrays.stream(runbook.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .filter(m -> !isStandInBuilder(m))
                .map(m -> m.getAnnotation(DisplayName.class).value().split(" ")[0])
                .sorted().toList();
    }

    private static boolean isStandInBuilder(Method m) {
        OnlyIn onlyIn = m.getAnnotation(OnlyIn.class);
        return onlyIn != null && m.getAnnotation(DisplayName.class).value().contains("Local stand-in");
    }

    private static Set<String> drilledSections(String drillsSource) throws IOException {
        Path source = Path.of(System.getProperty(RunbookContext.BASEDIR_PROPERTY, ".")).resolve("src/test/java/runbooks").resolve(drillsSource);
        Matcher m = FAILS_AT.matcher(Files.readString(source));
        return m.results().map(r -> r.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }
}
