package runbooks.agg;

import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * The staging stand-in of the aggregation runbooks ({@code agg} and {@code phase5}, {@code -Denv=staging}, see docs/ci.md): {@link AggStandIn}'s state, built in the
 * database the environment names. Apart from {@link AggStandIn} so that the stand-in does not need the runbook class
 * (whose {@link Runbook} annotation names the target) and the runbook class can use the stand-in.
 */
public final class AggStagingStandIn {

    private AggStagingStandIn() {}

    /**
     * Prepares the staging stand-ins ({@code -Denv=staging}): {@code agg} before the cursor fix and
     * {@code phase5} after it, each in the database the environment names, behind the same guard.
     */
    public static void main(String[] args) {
        try {
            AggStandIn.beforeCursorFix(RunbookContext.of(
                    AggregatorCursorFixRunbookIT.class.getAnnotation(Runbook.class), System::getProperty));
            AggStandIn.afterCursorFix(
                    RunbookContext.of(Phase5RedesignRunbookIT.class.getAnnotation(Runbook.class), System::getProperty));
            System.out.println(
                    "[runbooks] aggregation stand-ins prepared: agg (before the cursor fix) and phase5 (after it)");
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in not prepared: " + e.getMessage());
            System.exit(2);
        }
    }
}
