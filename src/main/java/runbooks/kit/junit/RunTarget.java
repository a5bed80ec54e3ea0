package runbooks.kit.junit;

import java.util.function.Supplier;
import runbooks.kit.database.Target;

/**
 * The database one run deploys to: opened on first use ({@link TargetFactory}), or, on env=local, a stand-in's copy
 * adopted before that ({@link StandIns}).
 */
final class RunTarget {

    private final Supplier<Target> opener;
    private Target target;

    RunTarget(Supplier<Target> opener) {
        this.opener = opener;
    }

    synchronized Target get() {
        if (target == null) {
            target = opener.get();
        }
        return target;
    }

    /** The target, if it was opened or adopted; {@code null} otherwise. */
    synchronized Target ifOpened() {
        return target;
    }

    /** The stand-in's copy becomes the run's target. */
    synchronized void adopt(Target copy) {
        if (target != null) {
            throw new IllegalStateException("standIn must come before the runbook's first use of its target");
        }
        target = copy;
    }
}
