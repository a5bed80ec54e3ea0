package runbooks.agg;

import java.util.List;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;

/**
 * The "team's" worker and ingestion for the staging stand-ins: runs {@link LiveAggregation} (worker
 * and market feed) against the agg and phase5 databases of {@code -Denv=staging} until stopped, so that
 * the runbooks, which only observe on staging, have a live system to watch.
 */
public final class StandInAggregation {

    private StandInAggregation() {}

    public static void main(String[] args) throws InterruptedException {
        List<LiveAggregation> running;
        try {
            running = List.of(
                    LiveAggregation.start(verified(AggregatorCursorFixRunbookIT.class)),
                    LiveAggregation.start(verified(Phase5RedesignRunbookIT.class)));
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in worker not started: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(LiveAggregation::close)));
        System.out.println("[runbooks] stand-in worker and feed running for agg and phase5; stop with Ctrl-C");
        Thread.currentThread().join();
    }

    private static RunbookContext verified(Class<?> runbookClass) {
        RunbookContext context = RunbookContext.of(runbookClass.getAnnotation(Runbook.class), System::getProperty);
        // The stand-in's worker plays the team's system, not a runbook run: it must not hold the runbook's run lock
        // (taken at verify).
        context.target().serializeRuns("standin-worker-" + context.config().id(), java.time.Duration.ofSeconds(5));
        context.target().verify();
        return context;
    }
}
