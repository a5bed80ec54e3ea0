package runbooks.agg;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.junit.RunbookContext;

/**
 * The staging stand-in's worker and feed in real time, on timers of their own (on a real staging these
 * are the team's): the runbooks only watch them there. Tasks count as due {@code agg.worker.due_lookahead}
 * early, so a stand-in that is watched for minutes still shows every task running.
 */
final class LiveAggregation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveAggregation.class);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "stand-in-aggregation");
        t.setDaemon(true);
        return t;
    });

    static LiveAggregation start(RunbookContext runbook) {
        var env = runbook.config().env();
        MarketFeed feed = new MarketFeed(
                runbook.target(),
                runbook.sql("agg/feed/1m_bars_between.sql"),
                env.value(AggSettings.FEED_SYMBOLS).orElse(""),
                SimulatedAggregation.feedFrontier(runbook),
                env.duration(AggSettings.FEED_CATCH_UP, Duration.ofMinutes(2)));
        AggregationWorker worker = new AggregationWorker(
                "prod",
                env.duration(AggSettings.WORKER_DUE_LOOKAHEAD, AggSettings.WORKER_DUE_LOOKAHEAD_DEFAULT),
                env.integer(AggSettings.WORKER_MAX_WINDOWS, AggSettings.WORKER_MAX_WINDOWS_DEFAULT));
        LiveAggregation live = new LiveAggregation();
        live.every(env.duration(AggSettings.FEED_TICK, AggSettings.TICK_DEFAULT), runbook, "feed", c -> {
            c.setAutoCommit(false);
            feed.advance(c, Instant.now());
        });
        live.every(
                env.duration(AggSettings.WORKER_TICK, AggSettings.TICK_DEFAULT),
                runbook,
                "worker",
                c -> worker.cycle(c, Instant.now()));
        return live;
    }

    private interface Tick {
        void run(Connection c) throws Exception;
    }

    private void every(Duration tick, RunbookContext runbook, String what, Tick work) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try (Connection c = runbook.target().verify().session()) {
                        work.run(c);
                    } catch (Exception e) {
                        LOG.warn(
                                "[stand-in] {} of {} failed: {}",
                                what,
                                runbook.config().id(),
                                e.getMessage());
                    }
                },
                0,
                tick.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
