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

    String progress() {
        return "feed at " + feed.frontier() + "; worker " + worker.summary();
    }

    @Override
    public void close() {
        feed.close();
        worker.close();
    }
}
