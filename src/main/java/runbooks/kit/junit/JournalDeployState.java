package runbooks.kit.junit;

import java.util.List;
import org.assertj.core.api.Assertions;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.migration.MigrationJournal;

/**
 * The deploy state a class runbook reads off its team's migration journal ({@code _prisma_migrations},
 * {@code drizzle.__drizzle_migrations}, {@code flyway_schema_history}), as a document runbook reads a migrate section's:
 * an unfinished migration stops the run ({@link MigrationJournal#unfinished()}); none of the deploy's migrations
 * recorded, a deploy; some, a continued deploy; all, a verification run. What the journal cannot say (a backfill's
 * coverage, a change made by hand) the runbook adds to the state this returns.
 */
public final class JournalDeployState {

    private JournalDeployState() {}

    /** The state of {@code deploy} (the migrations the runbook applies, in order) in {@code journal}. */
    public static DeployState of(MigrationJournal journal, List<String> deploy) {
        List<String> unfinished = journal.unfinished();
        if (!unfinished.isEmpty()) {
            return DeployState.partial(String.join(" ", unfinished));
        }
        List<String> records =
                deploy.stream().flatMap(v -> journal.appliedRecord(v).stream()).toList();
        if (records.isEmpty()) {
            return DeployState.notStarted("pending in " + journal.tool() + "'s journal: " + journal.pendingVersions());
        }
        if (records.size() < deploy.size()) {
            return DeployState.continuing(String.join("; ", records) + "; still pending: " + journal.pendingVersions());
        }
        return DeployState.complete(String.join("; ", records));
    }

    /**
     * What the tool's status command would say before an apply: its journal healthy ({@link MigrationJournal#problems()},
     * in the tool's words) and nothing pending but those of {@code deploy} it has not recorded yet (none on a
     * verification run). The status is attached.
     */
    public static void requireOnlyPending(MigrationJournal journal, List<String> deploy) {
        Evidence.text(journal.tool() + " status", journal.status());
        List<String> applied = journal.appliedVersions();
        Assertions.assertThat(journal.problems())
                .as("what %s's journal reports as wrong", journal.tool())
                .isEmpty();
        Assertions.assertThat(journal.pendingVersions())
                .as("pending migrations in %s's journal: this runbook's, less those already applied", journal.tool())
                .containsExactlyElementsOf(
                        deploy.stream().filter(v -> !applied.contains(v)).toList());
    }
}
