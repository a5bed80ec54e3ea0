package runbooks.kit.junit;

/**
 * The target holds a deploy the suite must not continue from (an unfinished migration, a half-applied one): the
 * run stops at its first deploy step with one sentence saying what is applied, what is not, and the remedy.
 */
public final class PartialDeployException extends RuntimeException {

    public static final String PREFIX = "Partial deploy on the target, stopping before any write: ";

    public PartialDeployException(String sentence) {
        super(PREFIX + sentence, null, false, false);
    }
}
