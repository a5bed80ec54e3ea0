package runbooks.kit.database;

/**
 * A rail stopped the run before any write: the wrong target, a production refusal (no confirmation, no change ticket, no
 * promotion record that proves itself), a standby or a read-only database. Not a defect of the deploy: the report files
 * it under "Safety stop: nothing written" by this type ({@code allure/categories.json} matches the class in the trace).
 */
public final class SafetyStop extends IllegalStateException {
    public SafetyStop(String sentence) {
        super(sentence);
    }
}
