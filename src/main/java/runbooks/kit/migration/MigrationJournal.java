package runbooks.kit.migration;

import java.nio.file.Path;
import java.util.List;
import runbooks.kit.database.Target;

/**
 * A runbook's migrations as the team's own tool sees them: its folder layout and its journal table on
 * the target. The suite reads and writes the journal exactly as the tool would, so that the tool, run
 * afterwards, agrees with the suite. Reading is always allowed; applying goes through
 * {@link Target#writableDataSource()}, refused until the target has been verified.
 */
public interface MigrationJournal {

    /** The tool, as the report names it ("Prisma Migrate", "Flyway"). */
    String tool();

    /** The migrations folder (the team's checkout or {@code sql/<runbook>/...}). */
    Path folder();

    /** Migration names (or versions) recorded as applied, in order. */
    List<String> appliedVersions();

    /** Migration names (or versions) the tool would apply next, in order. */
    List<String> pendingVersions();

    /** The files of the pending migrations, in order. */
    List<Path> pendingFiles();

    /**
     * What the tool would refuse or warn about, one sentence each in the tool's own words: a missing
     * journal where one should be, a failed or unfinished migration, an applied file changed since
     * (drift), an applied migration missing from the folder. Empty when the journal is healthy.
     */
    List<String> problems();

    /**
     * The problems of {@link #problems()} that say a migration was started and not finished (Prisma's P3009): a state
     * only a person may settle, so a runbook stops before any write. Empty for a tool that applies in one transaction.
     */
    default List<String> unfinished() {
        return List.of();
    }

    /**
     * The journal's record of an applied migration, for a verification run's evidence ("applied 2026-12-01 20:40:03
     * UTC, recorded in _prisma_migrations"); empty when it is not applied.
     */
    default java.util.Optional<String> appliedRecord(String version) {
        return appliedVersions().contains(version)
                ? java.util.Optional.of(version + " applied (recorded by " + tool() + ")")
                : java.util.Optional.empty();
    }

    /** The tool's status command, as text for the report. */
    String status();

    /** True when nothing is pending and the journal has no problem. */
    default boolean isUpToDate() {
        return pendingVersions().isEmpty() && problems().isEmpty();
    }

    /** Applies every pending migration as the tool's deploy command would; returns how many. */
    int migrate();

    /** Applies the migrations up to and including {@code version} (a stand-in's pre-deploy state). */
    void migrateTo(String version);

    /** The same folder and tool against another database (a rehearsal copy, a decoy). */
    MigrationJournal on(Target other);
}
