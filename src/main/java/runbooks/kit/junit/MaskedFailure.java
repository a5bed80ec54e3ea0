package runbooks.kit.junit;

import org.opentest4j.TestAbortedException;
import runbooks.kit.database.SafetyStop;
import runbooks.kit.env.Secrets;

/**
 * A step's failure with every secret of the run {@link Secrets#mask masked}: the same failure where it holds none; else
 * one of the same kind (a safety stop, a runbook defect, an aborted step, a failed check, an error), with the masked
 * message of it and its causes, so the report still files it in the same category.
 */
final class MaskedFailure {

    private MaskedFailure() {}

    static Throwable of(Throwable thrown) {
        StringBuilder all = new StringBuilder(String.valueOf(thrown.getMessage()));
        for (Throwable c = thrown.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            all.append(" (caused by: ").append(c.getMessage()).append(')');
        }
        String masked = Secrets.mask(all.toString());
        if (masked.equals(all.toString())) {
            return thrown;
        }
        String message = Secrets.mask(String.valueOf(thrown.getMessage()));
        Throwable copy;
        if (thrown instanceof SafetyStop) {
            copy = new SafetyStop(message);
        } else if (thrown instanceof RunbookDefect) {
            copy = RunbookDefect.found(message.replaceFirst("^Runbook defect: ", ""));
        } else if (thrown instanceof TestAbortedException) {
            copy = new TestAbortedException(message);
        } else if (thrown instanceof AssertionError) {
            copy = new AssertionError(masked);
        } else {
            copy = new IllegalStateException(masked);
        }
        copy.setStackTrace(thrown.getStackTrace());
        return copy;
    }
}
