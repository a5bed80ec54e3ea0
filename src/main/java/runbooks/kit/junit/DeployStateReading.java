package runbooks.kit.junit;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.Evidence;

/**
 * The target's deploy state, read once per run with the runbook's probe ({@link RunbookContext#readsDeployStateWith})
 * after the target is proved, reported, and attached to the first step that runs after it was read.
 */
final class DeployStateReading {

    private static final Logger LOG = LoggerFactory.getLogger(DeployStateReading.class);

    private Supplier<DeployState> probe =
            () -> DeployState.notStarted("this runbook reads no deploy state from its target: every run deploys");
    private volatile DeployState state;
    private boolean attached;

    void probe(Supplier<DeployState> probe) {
        this.probe = probe;
    }

    synchronized DeployState read(RunbookContext run, boolean rehearsal) {
        if (state == null) {
            run.target().verify();
            state = probe.get();
            LOG.info(
                    "[runbooks] {}: deploy state on {}: {} -> a {} run",
                    run.id(),
                    run.target().spec().masked(),
                    state,
                    state.mode());
            String kind = state.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            run.report(
                    "run.mode",
                    rehearsal
                            ? "rehearsal (a " + state.mode() + " run on a copy, " + kind + ")"
                            : state.mode() + " (" + kind + ")");
        }
        return state;
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
