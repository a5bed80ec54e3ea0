package runbooks.kit.junit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.schema.AsFound;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * The target's deploy state, read once per run with the runbook's probe ({@link Deployment#readsStateWith})
 * after the target is proved, reported, and attached to the first step that runs after it was read.
 */
final class DeployStateReading {

    private static final Logger LOG = LoggerFactory.getLogger(DeployStateReading.class);

    private final RunConfiguration run;
    private final RunTarget target;
    /** Adds a line to the report's environment widget. */
    private final BiConsumer<String, String> report;

    private Supplier<DeployState> probe =
            () -> DeployState.notStarted("this runbook reads no deploy state from its target: every run deploys");
    private volatile DeployState state;
    private boolean attached;
    /** On env=local, the target as the deploy found it: its catalog snapshot and every table's rows. */
    private AsFound before;

    private String notRecorded =
            "the rollback check compares with what the run's first deploying step (@Deploys) found, on env=local";

    DeployStateReading(RunConfiguration run, RunTarget target, BiConsumer<String, String> report) {
        this.run = run;
        this.target = target;
        this.report = report;
    }

    void probe(Supplier<DeployState> probe) {
        this.probe = probe;
    }

    synchronized DeployState read(boolean rehearsal) {
        if (state == null) {
            target.get().verify();
            state = probe.get();
            if (run.isLocal()) {
                // What a rollback must bring back: recorded before the first step that deploys (locally, where the
                // rollback drills run; on a database nothing else writes to, so every row must be as it was).
                try {
                    before = Evidence.quietly(this::asFound);
                } catch (RuntimeException e) {
                    notRecorded = e.getMessage();
                }
            }
            LOG.info(
                    "[runbooks] {}: deploy state on {}: {} -> {}",
                    run.id(),
                    target.get().spec().masked(),
                    state,
                    state.kind() == DeployState.Kind.PARTIAL ? "stops before any write" : "a " + state.mode() + " run");
            String kind = state.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            report.accept(
                    "run.mode",
                    rehearsal
                            ? "rehearsal (a " + state.mode() + " run on a copy, " + kind + ")"
                            : state.mode() + " (" + kind + ")");
        }
        return state;
    }

    /** After a rollback: the schema and every table's row count and content as the deploy found them. */
    void checkRolledBack() {
        if (before == null) {
            throw new IllegalStateException(
                    "No state before the deploy was recorded: the rollback check compares with what"
                            + " the run's first deploying step (@Deploys) found, on env=local.");
        }
        AsFound now = asFound();
        List<String> schema = before.schemaChanges(now);
        List<String> rows = before.tableChanges(now);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(schema)
                    .as(
                            "schema after the rollback against before the deploy (tables, columns, indexes, constraints, views, functions,"
                                    + " row-level security, policies, owners, privileges)")
                    .isEmpty();
            soft.assertThat(rows)
                    .as("tables whose rows are not as before the deploy (count and content)")
                    .isEmpty();
        });
    }

    /** The catalog snapshot and every table's row count and content checksum. */
    private AsFound asFound() {
        return AsFound.schema(SchemaSnapshot.take(target.get(), run.sql("kit/catalog_snapshot.sql")))
                .withTables(target.get().query(run.sql("kit/content_checksums.sql"), Map.of()));
    }

    Optional<DeployState> ifRead() {
        return Optional.ofNullable(state);
    }

    synchronized void attachOnce() {
        if (state != null && !attached) {
            attached = true;
            Evidence.text("deploy state of the target: a " + state.mode() + " run", state.toString());
        }
    }
}
