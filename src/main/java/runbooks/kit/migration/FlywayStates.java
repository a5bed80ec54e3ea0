package runbooks.kit.migration;

import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The states of {@code flyway info} that stop a deploy, each told in one sentence: what the history table says, what it
 * means, and the remedy. Pending, Success, Baseline, Below Baseline, Above Target and Deleted need no sentence.
 */
final class FlywayStates {

    private FlywayStates() {}

    static Optional<String> sentence(MigrationInfo m, Path folder, String historyTable) {
        String which = (m.getVersion() == null ? "R" : "V" + m.getVersion().getVersion()) + " ("
                + (m.getScript() == null ? m.getDescription() : m.getScript()) + ")";
        String when =
                m.getInstalledOn() == null ? "" : " on " + m.getInstalledOn().toInstant();
        return Optional.ofNullable(
                switch (m.getState()) {
                    case FAILED ->
                        which + " is Failed in " + historyTable + when
                                + ": Flyway stopped in it, and what it did before the failing statement stayed applied"
                                + " unless the script ran in one transaction. Undo that by hand (or finish it), fix the"
                                + " script, run flyway repair to remove the failed row, then deploy again.";
                    case OUTDATED ->
                        which + " is Outdated: the repeatable script in " + folder
                                + " differs from the one applied" + when + ", and flyway migrate would re-apply it."
                                + " Review the change and deploy it as part of this release, or restore the file as applied.";
                    case IGNORED ->
                        which + " is Ignored: it is older than the newest applied version and was never"
                                + " applied, so flyway migrate skips it and flyway validate fails. Renumber it above the"
                                + " newest applied version, or apply it deliberately with flyway.outOfOrder=true.";
                    case MISSING_SUCCESS, MISSING_FAILED ->
                        which + " is Missing: " + historyTable
                                + " records it as applied" + when + " but " + folder
                                + " has no such script. Restore the file from the release that applied it (this checkout"
                                + " may be older than the target); if it was removed on purpose, flyway repair marks it"
                                + " deleted.";
                    case FUTURE_SUCCESS, FUTURE_FAILED ->
                        which + " is Future: applied on the target" + when
                                + " but newer than every script in " + folder
                                + ": the target runs a newer release than this checkout. Run the runbook from the"
                                + " release that applied it (or set flyway.ignoreMigrationPatterns=*:future if that is"
                                + " intended).";
                    default -> null;
                });
    }
}
