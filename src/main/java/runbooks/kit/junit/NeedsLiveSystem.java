package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step that watches what only the live system does (the team's cron or worker running on the real database): a
 * rehearsal on a copy ({@code -Drehearse=copy}) outside env=local has no such system, so the step is skipped at once,
 * saying why, instead of waiting for it and failing. On env=local the suite runs the stand-in's worker itself, on the
 * copy too, and the step runs.
 *
 * <pre>{@code
 * @Test
 * @NeedsLiveSystem("the team's cron runs the worker against the real database, not against a copy")
 * @DisplayName("10 Step 7: Monitor cron run")
 * void monitorCronRun() { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface NeedsLiveSystem {

    /** What the step waits for that a copy cannot have; shown where the step is skipped. */
    String value();
}
