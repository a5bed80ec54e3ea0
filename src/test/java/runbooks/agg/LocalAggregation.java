package runbooks.agg;

import java.time.Duration;
import java.time.Instant;
import runbooks.kit.junit.RunbookContext;

/**
 * The live parts of the local stand-in, started when a runbook begins to watch the system: the market
 * feed and the aggregation worker, on the compressed schedule of environments/local.properties.
 */
final class LocalAggregation implements AutoCloseable {

    final MarketFeed feed;
    final AggregationWorker worker;

    private LocalAggregation(MarketFeed feed, AggregationWorker worker) {
        this.feed = feed;
        this.worker = worker;
    }

    static LocalAggregation start(RunbookContext runbook) {
        var env = runbook.env();
        Instant frontier = Instant.parse(runbook.target().read("feed frontier",
                "SELECT to_char(max(ts_utc) + interval '1 minute', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS t FROM data_bars").single("t"));
        MarketFeed feed = new MarketFeed(runbook.target(), runbook.sql("agg/feed/1m_bars_between.sql"), env.value("agg.feed.symbols").orElse(""), frontier,
                env.duration("agg.feed.catch_up", Duration.ofMinutes(10))).start(env.duration("agg.feed.tick", Duration.ofMillis(500)));
        AggregationWorker worker = new AggregationWorker(runbook.target().spec(), "prod",
                env.duration("agg.worker.due_lookahead", Duration.ofMinutes(5)), env.integer("agg.worker.max_windows", 100))
                .start(env.duration("agg.worker.tick", Duration.ofMillis(500)));
        return new LocalAggregation(feed, worker);
    }

    /**
     * One progress line for a runbook watching the system: the tasks' totals and the newest 1m bar, and,
     * when the suite runs the stand-in itself ({@code live} not null), its feed and worker.
     */
    static String progress(RunbookContext runbook, LocalAggregation live) {
        runbooks.kit.database.Rows r = runbook.target().read("progress", "SELECT sum(total_runs) AS runs, sum(total_bars_created) AS bars,"
                + " sum(hard_fail_streak) AS streaks, (SELECT max(ts_utc) FROM data_bars) AS newest_1m FROM data_agg_state");
        return "state: " + r.single("runs") + " runs, " + r.single("bars") + " bars, streaks " + r.single("streaks") + ", newest 1m "
                + r.single("newest_1m") + (live == null ? "" : "; feed at " + live.feed.frontier() + "; worker " + live.worker.summary());
    }

    @Override
    public void close() {
        feed.close();
        worker.close();
    }
}
