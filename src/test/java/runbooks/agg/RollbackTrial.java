package runbooks.agg;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.junit.RunbookContext;

/**
 * What the aggregation runbooks' rollbacks are judged by: a copy of the target to try the document's own
 * rollback on (so a wrong rollback is reported as a runbook defect without breaking the run), and one
 * worker cycle afterwards (a rollback is verified when the system works again).
 */
final class RollbackTrial {

    private RollbackTrial() {}

    /** A verified copy of the runbook's local target ({@code CREATE DATABASE … TEMPLATE}), on the same simulated clock. */
    static Target copyOf(RunbookContext runbook, String prefix) {
        LocalCluster cluster = runbook.config().rehearsalCluster();
        runbook.target().close();
        ConnectionSpec copySpec = cluster.cloneDatabase(runbook.target().spec().database(), prefix);
        Target copy = new Target(
                copySpec,
                Expectation.database(copySpec.database(), "the copy made for this step"),
                runbook.target().timeouts());
        copy.verify();
        runbook.target().clock().ifPresent(copy::useClock);
        return copy;
    }

    /** One worker cycle five (simulated) minutes on, on {@code target}: null when every run succeeded, else what failed. */
    static String workerCycle(Target target) {
        AggregationWorker worker = new AggregationWorker("prod", Duration.ZERO, 200);
        Instant at = target.now().plus(Duration.ofMinutes(5));
        target.clock().ifPresent(clock -> clock.advance(Duration.ofMinutes(5)));
        try (var session = target.verify().session()) {
            worker.cycle(session, at);
        } catch (SQLException e) {
            return "the worker's cycle failed: " + e.getMessage().split("\n")[0];
        }
        Evidence.text(
                "worker cycle on " + target.spec().database(),
                worker.runs().stream().map(Object::toString).collect(Collectors.joining("\n")));
        List<String> failed = worker.runs().stream()
                .filter(r -> r.error() != null)
                .map(Object::toString)
                .toList();
        if (worker.runs().isEmpty()) {
            return "no task was due";
        }
        return failed.isEmpty() ? null : String.join("; ", failed);
    }
}
