package runbooks.kit.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * What one target's run came to: its wave, the run mode its deploy state called for ({@code deploy}, {@code continue},
 * {@code verify}, {@code stop}; empty when the state was not read), the outcome, the step that failed and why, or why
 * it was not run, and its evidence folder (relative to the project).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetResult(
        String name,
        int wave,
        int position,
        String mode,
        Outcome outcome,
        String failedStep,
        String reason,
        String evidence,
        Double seconds,
        Double runbookSeconds) {

    public enum Outcome {
        DEPLOYED,
        VERIFIED,
        FAILED,
        NOT_RUN;

        /** {@code not run}, as the summary writes it. */
        public String words() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    static TargetResult notRun(FleetTarget target, String reason) {
        return new TargetResult(
                target.name(), target.wave(), target.position(), null, Outcome.NOT_RUN, null, reason, null, null, null);
    }

    /** The same result without what differs between two runs of the same state (evidence folder, time). */
    public TargetResult content() {
        return new TargetResult(name, wave, position, mode, outcome, failedStep, reason, null, null, null);
    }
}
