package runbooks.kit.junit;

/**
 * What the target itself says about this runbook's deploy, read before the first step that would write:
 * its migration journal ({@code _prisma_migrations}, {@code drizzle.__drizzle_migrations}) or, for psql
 * runbooks, the catalog state each migration leaves. A living staging was deployed yesterday and is
 * re-run tonight: the run does what that state calls for.
 *
 * <ul>
 *   <li>{@link Kind#NOT_STARTED}: nothing of the deploy is there; the run deploys.
 *   <li>{@link Kind#CONTINUING}: a run was cut off after a part that stays done (the migration applied, some
 *       backfill chunks written); the run deploys what is left and skips nothing it needs.
 *   <li>{@link Kind#COMPLETE}: the deploy is done; a <em>verification run</em>: every step that writes is reported
 *       as skipped with {@link #evidence()}, every read-only check of the deployed state runs.
 *   <li>{@link Kind#PARTIAL}: a state the suite must not continue from (an unfinished migration); the run stops at
 *       its first step with {@link #evidence()}, one sentence saying what is applied, what is not and what to do.
 * </ul>
 *
 * @param evidence what was found, for the report: which migration, applied when, recorded by whom
 */
public record DeployState(Kind kind, String evidence) {

    public enum Kind {
        NOT_STARTED,
        CONTINUING,
        COMPLETE,
        PARTIAL
    }

    public static DeployState notStarted(String evidence) {
        return new DeployState(Kind.NOT_STARTED, evidence);
    }

    public static DeployState continuing(String evidence) {
        return new DeployState(Kind.CONTINUING, evidence);
    }

    public static DeployState complete(String evidence) {
        return new DeployState(Kind.COMPLETE, evidence);
    }

    public static DeployState partial(String sentence) {
        return new DeployState(Kind.PARTIAL, sentence);
    }

    /** The kind of run this state calls for. */
    public RunMode mode() {
        return kind == Kind.COMPLETE ? RunMode.VERIFY : RunMode.DEPLOY;
    }

    public boolean isComplete() {
        return kind == Kind.COMPLETE;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + evidence;
    }
}
