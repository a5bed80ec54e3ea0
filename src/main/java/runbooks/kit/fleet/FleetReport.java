package runbooks.kit.fleet;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.ResultsUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The fleet in the Allure report: each target's steps under a parent suite of their own ({@code Fleet staging/invoices
 * · wave 2 · tenant-07}), so 200 targets are 200 suites rather than one test retried 200 times, and the fleet's summary
 * as the first suite ({@code Fleet staging/invoices (summary)}: the counts in its name, the summary attached). Shards
 * write their targets' results to their own results folders and the merge step the summary; a report built from all
 * of them (Allure reads several results folders as one) is the fleet's one report.
 *
 * <p>Registered with Allure as a {@link TestLifecycleListener}; it labels only what runs inside {@link #during}.
 */
public final class FleetReport implements TestLifecycleListener {

    /** The parent suite of the target whose runbook runs on this thread (JUnit runs a runbook on one thread). */
    private static final ThreadLocal<String> TARGET = new ThreadLocal<>();

    /** Runs {@code run} with every test result it records labelled as {@code target}'s. */
    static <T> T during(String env, String id, FleetTarget target, Supplier<T> run) {
        TARGET.set(fleet(env, id) + " · wave " + target.wave() + " · " + target.name());
        try {
            return run.get();
        } finally {
            TARGET.remove();
        }
    }

    @Override
    public void beforeTestSchedule(TestResult result) {
        String suite = TARGET.get();
        if (suite == null) {
            return;
        }
        result.getLabels().removeIf(l -> l.getName().equals(ResultsUtils.PARENT_SUITE_LABEL_NAME));
        result.getLabels().add(ResultsUtils.createParentSuiteLabel(suite));
        // One history per target: the same step on another target is another test, not a retry of it.
        result.setHistoryId(uuid(result.getHistoryId() + "|" + suite));
        result.setTestCaseId(uuid(result.getTestCaseId() + "|" + suite));
    }

    /**
     * Records the summary as a test result of its own: passed when every target deployed or verified, failed
     * otherwise, with the summary's markdown attached.
     */
    static void summary(FleetSummary summary) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String suite = fleet(summary.environment(), summary.runbook()) + " (summary)";
        FleetSummary.Counts c = summary.total();
        String name = summary.targets().size() + " targets: " + c.deployed() + " deployed, " + c.verified()
                + " verified, " + c.failed() + " failed, " + c.notRun() + " not run";
        List<Label> labels = new ArrayList<>(List.of(
                ResultsUtils.createParentSuiteLabel(suite),
                ResultsUtils.createSuiteLabel("fleet"),
                ResultsUtils.createLabel("runbook", summary.runbook())));
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult()
                .setUuid(uuid)
                .setName(name)
                .setFullName(suite)
                .setHistoryId(uuid(suite))
                .setLabels(labels));
        lifecycle.startTestCase(uuid);
        lifecycle.addAttachment(
                FleetSummary.MARKDOWN,
                "text/markdown",
                ".md",
                summary.markdown().getBytes(StandardCharsets.UTF_8));
        boolean passed = c.failed() + c.notRun() == 0;
        lifecycle.updateTestCase(
                uuid,
                r -> r.setStatus(passed ? Status.PASSED : Status.FAILED)
                        .setStatusDetails(new StatusDetails().setMessage(name)));
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);
    }

    private static String fleet(String env, String id) {
        return "Fleet " + env + "/" + id;
    }

    private static String uuid(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
