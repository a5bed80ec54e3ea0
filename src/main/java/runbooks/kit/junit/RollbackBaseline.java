package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * What a rollback must bring back, recorded before the deploy: the schema ({@link RunbookContext#schemaSnapshot}) and
 * what the before-and-after behaviour probes of a folder answer ({@link BehaviourProbes#outcomes}). After the rollback,
 * {@link #requireRestored} fails naming each object that differs and each probe that answers otherwise.
 *
 * <pre>{@code
 * before = RollbackBaseline.record(runbook, "agg/checks/after_rollback", runbook.config().isLocal()); // before the deploy
 * runbook.target().script(runbook.sql("agg/runbook/rollback_corrected.sql"));
 * before.requireRestored(); // passes; a view the rollback left: "schema after the rollback ... view v_..."
 * }</pre>
 */
public final class RollbackBaseline {

    private final RunbookContext runbook;
    private final SchemaSnapshot schema;
    private final String probes;
    private final Map<String, String> behaviour;

    private RollbackBaseline(
            RunbookContext runbook, SchemaSnapshot schema, String probes, Map<String, String> behaviour) {
        this.runbook = runbook;
        this.schema = schema;
        this.probes = probes;
        this.behaviour = behaviour;
    }

    /**
     * The schema now, attached to the report, and where {@code probing} (where the rollback will run) the outcomes of
     * the probes of {@code sql/<probes>}.
     */
    public static RollbackBaseline record(RunbookContext runbook, String probes, boolean probing) {
        SchemaSnapshot schema = runbook.deploy().schemaSnapshot();
        Evidence.text("schema before the deploy", schema.toText());
        return new RollbackBaseline(
                runbook, schema, probes, probing ? BehaviourProbes.outcomes(runbook, probes) : null);
    }

    /** The schema before the deploy. */
    public SchemaSnapshot schema() {
        return schema;
    }

    /** Fails unless the schema equals the one before the deploy and every probe answers as it did then. */
    public void requireRestored() {
        assertThat(runbook.deploy().schemaSnapshot().differencesFrom(schema))
                .as("schema after the rollback against the snapshot taken before the deploy (tables, columns, indexes,"
                        + " views, functions with their definitions and privileges)")
                .isEmpty();
        assertThat(BehaviourProbes.outcomes(runbook, probes))
                .as("the behaviour probes' answers after the rollback (sql/%s), against before the deploy", probes)
                .isEqualTo(behaviour);
    }
}
