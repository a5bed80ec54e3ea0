package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import runbooks.kit.evidence.Evidence;
import runbooks.kit.schema.AsFound;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * What a rollback must bring back, recorded before the deploy as an {@link AsFound}: the schema ({@link Deployment#schemaSnapshot}) and
 * what the before-and-after behaviour probes of a folder answer ({@link BehaviourProbes#outcomes}). After the rollback,
 * {@link #requireRestored} fails naming each object that differs and each probe that answers otherwise.
 *
 * <pre>{@code
 * before = RollbackBaseline.record(runbook, "agg/checks/after_rollback", runbook.config().isLocal()); // before the deploy
 * runbook.target().verify().script(runbook.sql("agg/runbook/rollback_corrected.sql"));
 * before.requireRestored(); // passes; a view the rollback left: "schema after the rollback ... view v_..."
 * }</pre>
 */
public final class RollbackBaseline {

    private final RunbookContext runbook;
    private final String probes;
    private final boolean probing;
    private final AsFound before;

    private RollbackBaseline(RunbookContext runbook, String probes, boolean probing) {
        this.runbook = runbook;
        this.probes = probes;
        this.probing = probing;
        this.before = now();
    }

    /**
     * The schema now, attached to the report, and where {@code probing} (where the rollback will run) the outcomes of
     * the probes of {@code sql/<probes>}.
     */
    public static RollbackBaseline record(RunbookContext runbook, String probes, boolean probing) {
        RollbackBaseline baseline = new RollbackBaseline(runbook, probes, probing);
        Evidence.text("schema before the deploy", baseline.before.schema().toText());
        return baseline;
    }

    private AsFound now() {
        AsFound schema = AsFound.schema(runbook.deploy().schemaSnapshot());
        return probing ? schema.withBehaviour(BehaviourProbes.outcomes(runbook, probes)) : schema;
    }

    /** The schema before the deploy. */
    public SchemaSnapshot schema() {
        return before.schema();
    }

    /** Fails unless the schema equals the one before the deploy and every probe answers as it did then. */
    public void requireRestored() {
        if (!probing) {
            throw new IllegalStateException("This rollback baseline was recorded without its probes (sql/" + probes
                    + "): record it with probing where the rollback runs.");
        }
        AsFound now = now();
        assertThat(before.schemaChanges(now))
                .as("schema after the rollback against the snapshot taken before the deploy (tables, columns, indexes,"
                        + " views, functions with their definitions and privileges)")
                .isEmpty();
        assertThat(now.behaviour())
                .as("the behaviour probes' answers after the rollback (sql/%s), against before the deploy", probes)
                .isEqualTo(before.behaviour());
    }
}
