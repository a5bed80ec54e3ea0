package runbooks.mes;

import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * The staging stand-in of the MES runbook ({@code -Denv=staging}, see docs/ci.md): {@link MesStandIn}'s state, built in the
 * database the environment names. Apart from {@link MesStandIn} so that the stand-in does not need the runbook class
 * (whose {@link Runbook} annotation names the target) and the runbook class can use the stand-in.
 */
public final class MesStagingStandIn {

    private MesStagingStandIn() {}

    /**
     * Prepares a staging stand-in: {@code -Denv=staging}; the target must pass the same guard as the
     * runbook before anything is written.
     */
    public static void main(String[] args) {
        RunbookContext runbook =
                RunbookContext.of(MesDeployRunbookIT.class.getAnnotation(Runbook.class), System::getProperty);
        try {
            MesStandIn.prepare(runbook);
            System.out.println("[runbooks] " + runbook.target().spec().masked() + " is in the MES pre-deploy state: "
                    + MesStandIn.migrations(runbook).appliedVersions() + " applied, pending "
                    + MesStandIn.migrations(runbook).pendingVersions());
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in not prepared: " + e.getMessage());
            System.exit(2);
        }
    }
}
