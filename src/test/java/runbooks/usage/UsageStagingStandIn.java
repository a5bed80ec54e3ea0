package runbooks.usage;

import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * The staging stand-in of the usage runbook ({@code -Denv=staging}, see docs/ci.md): {@link UsageStandIn}'s state, built in the
 * database the environment names. Apart from {@link UsageStandIn} so that the stand-in does not need the runbook class
 * (whose {@link Runbook} annotation names the target) and the runbook class can use the stand-in.
 */
public final class UsageStagingStandIn {

    private UsageStagingStandIn() {}

    /** Prepares the staging stand-in ({@code -Denv=staging}), behind the same guard as the runbook. */
    public static void main(String[] args) {
        RunbookContext runbook =
                RunbookContext.of(UsageEventWindowsRunbookIT.class.getAnnotation(Runbook.class), System::getProperty);
        try {
            UsageStandIn.prepare(runbook);
            System.out.println(
                    "[runbooks] " + runbook.target().spec().masked() + " is in the usage pre-0003 state: pending "
                            + UsageStandIn.migrations(runbook).pendingVersions());
            runbook.target().close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in not prepared: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
