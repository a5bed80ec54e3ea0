package runbooks.kit.junit;

import java.util.function.Supplier;
import org.opentest4j.TestAbortedException;

/**
 * The runbook document itself is wrong at this step (its SQL, its command, its expected output): the step is reported
 * as skipped with what is wrong and what the suite runs instead, and the report files it under "Runbook document
 * defect" by this type ({@code allure/categories.json} matches the class in the trace), not by the wording.
 */
public final class RunbookDefect extends TestAbortedException {

    private RunbookDefect(String what) {
        super("Runbook defect: " + what);
    }

    /** Stops the step: the document is wrong here ({@code what}: what is wrong and what the suite does instead). */
    public static RunbookDefect found(String what) {
        return new RunbookDefect(what);
    }

    /** Stops the step as a runbook defect unless {@code holds}: the document's way worked. */
    public static void unless(boolean holds, Supplier<String> what) {
        if (!holds) {
            throw found(what.get());
        }
    }
}
