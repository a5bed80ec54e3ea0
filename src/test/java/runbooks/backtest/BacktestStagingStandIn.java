package runbooks.backtest;

import java.util.List;
import java.util.stream.Stream;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * The staging stand-in of the backtest runbook ({@code -Denv=staging}, see docs/ci.md): {@link BacktestStandIn}'s state, built in the
 * database the environment names. Apart from {@link BacktestStandIn} so that the stand-in does not need the runbook class
 * (whose {@link Runbook} annotation names the target) and the runbook class can use the stand-in.
 */
public final class BacktestStagingStandIn {

    private BacktestStagingStandIn() {}

    /** Prepares the staging stand-in ({@code -Denv=staging}), behind the same guard as the runbook. */
    public static void main(String[] args) {
        RunbookContext runbook = RunbookContext.of(
                BacktestResultsDeployRunbookIT.class.getAnnotation(Runbook.class), System::getProperty);
        List<String> applied = Stream.of(System.getenv()
                        .getOrDefault("BACKTEST_STAND_IN_APPLIED", "")
                        .split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(v -> BacktestStandIn.MIGRATIONS.stream()
                        .filter(m -> m.startsWith(v))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "BACKTEST_STAND_IN_APPLIED: no migration " + v + " (003, 005, 006)")))
                .toList();
        try {
            BacktestStandIn.build(runbook, applied);
            System.out.println("[runbooks] " + runbook.target().spec().masked() + " is in the backtest pre-deploy state"
                    + (applied.isEmpty() ? "" : " with " + applied + " applied"));
            runbook.target().close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in not prepared: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
