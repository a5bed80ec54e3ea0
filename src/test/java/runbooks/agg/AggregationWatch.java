package runbooks.agg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import runbooks.kit.data.Rows;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.monitoring.Watch;

/**
 * The aggregation system as both aggregation runbooks watch it after their deploy: on env=local the stand-in's worker
 * and feed on simulated time ({@link SimulatedAggregation}, started by the runbook's monitoring step, stopped before
 * a rollback and at the end), elsewhere the team's own worker observed in real time; the worker's totals and each
 * task named as {@code SYMBOL timeframe}.
 */
final class AggregationWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunbookContext runbook;
    private SimulatedAggregation live;

    AggregationWatch(RunbookContext runbook) {
        this.runbook = runbook;
    }

    /** On env=local: the stand-in's worker and feed start on simulated time (once). */
    void startLocalWorker() {
        if (runbook.config().isLocal() && live == null) {
            live = SimulatedAggregation.start(runbook);
        }
    }

    /** Whether the suite runs the worker itself (env=local, once started). */
    boolean simulated() {
        return live != null;
    }

    /** A watch of the simulated stand-in, or of the live system in real time, every {@code agg.monitor.poll}. */
    Watch watch(String name) {
        Duration poll = runbook.config().env().duration(AggSettings.MONITOR_POLL, AggSettings.MONITOR_POLL_DEFAULT);
        return live != null
                ? Watch.simulated(name, poll, this::progress, live)
                : Watch.live(name, poll, this::progress);
    }

    /** The stand-in worker's runs so far, attached (nothing elsewhere). */
    void attachWorkerRuns() {
        if (live != null) {
            Evidence.text("worker runs", workerRuns());
        }
    }

    /** The stand-in worker's runs so far (none elsewhere). */
    List<AggregationWorker.Run> runs() {
        return live == null ? List.of() : live.worker.runs();
    }

    String workerRuns() {
        return live == null
                ? ""
                : live.worker.runs().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    /** Stops the stand-in's worker (before a rollback, at the end) and attaches its runs. */
    @Override
    public void close() {
        if (live != null) {
            live.close();
            attachWorkerRuns();
            live = null;
        }
    }

    private String progress() {
        return SimulatedAggregation.progress(runbook, live);
    }

    private Rows totals() {
        return Evidence.quietly(() -> runbook.query("agg/checks/worker_totals.sql"));
    }

    long totalBars() {
        return totals().single().integer("bars");
    }

    long totalRuns() {
        return totals().single().integer("runs");
    }

    /** Each task's {@code total_bars_created}, by {@code SYMBOL timeframe} ({@code sql/<folder>/task_totals.sql}). */
    Map<String, Long> taskBars(String folder) {
        Rows totals = runbook.query(folder + "/task_totals.sql");
        return IntStream.range(0, totals.size())
                .boxed()
                .collect(Collectors.toMap(
                        i -> totals.get(i, "canonical_symbol") + " " + totals.get(i, "timeframe"),
                        i -> totals.row(i).integer("total_bars_created")));
    }

    /** The tasks ({@code SYMBOL timeframe}, or the symbol alone) of the rows that {@code test} selects. */
    static List<String> tasksWhere(Rows rows, IntPredicate test) {
        return IntStream.range(0, rows.size())
                .filter(test)
                .mapToObj(i -> rows.get(i, "canonical_symbol")
                        + (rows.columns().contains("timeframe") ? " " + rows.get(i, "timeframe") : ""))
                .toList();
    }

    /** Each row as {@code SYMBOL timeframe: what}: a watch's problems. */
    static List<String> rowsAsProblems(Rows rows, String what) {
        return tasksWhere(rows, i -> true).stream().map(t -> t + ": " + what).toList();
    }

    /** A function's JSON answer. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
