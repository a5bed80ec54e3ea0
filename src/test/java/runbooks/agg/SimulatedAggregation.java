package runbooks.agg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import runbooks.kit.data.Rows;
import runbooks.kit.database.SimulatedClock;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.monitoring.Watch;

/**
 * The local stand-in's live system on simulated time: at every step the feed ingests the minutes that
 * passed (while catching up, at most {@code agg.feed.catch_up} of its backlog) and the worker runs the
 * tasks due, in the suite's own thread, on one session. A 5m task runs every 5 simulated minutes and a
 * 1h task every hour, as on the team's system, and nothing races the wall clock.
 */
final class SimulatedAggregation implements Watch.World, AutoCloseable {

    final MarketFeed feed;
    final AggregationWorker worker;
    private final SimulatedClock clock;
    private final Connection session;

    private SimulatedAggregation(SimulatedClock clock, Connection session, MarketFeed feed, AggregationWorker worker) {
        this.clock = clock;
        this.session = session;
        this.feed = feed;
        this.worker = worker;
    }

    static SimulatedAggregation start(RunbookContext runbook) {
        var env = runbook.config().env();
        SimulatedClock clock = runbook.target()
                .clock()
                .orElseThrow(() -> new IllegalStateException("the local stand-in was not built on a simulated clock"));
        MarketFeed feed = new MarketFeed(
                runbook.target(),
                runbook.sql("agg/feed/1m_bars_between.sql"),
                env.value(AggSettings.FEED_SYMBOLS).orElse(""),
                feedFrontier(runbook),
                env.duration(AggSettings.FEED_CATCH_UP, Duration.ofMinutes(30)));
        AggregationWorker worker = new AggregationWorker(
                "prod",
                Duration.ZERO,
                env.integer(AggSettings.WORKER_MAX_WINDOWS, AggSettings.WORKER_MAX_WINDOWS_DEFAULT));
        try {
            return new SimulatedAggregation(clock, runbook.target().verify().session(), feed, worker);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open the stand-in worker's session: " + e.getMessage(), e);
        }
    }

    /** The minute after the newest 1m bar: where the feed goes on. */
    static Instant feedFrontier(RunbookContext runbook) {
        return runbook.target()
                .read("feed frontier", "SELECT max(ts_utc) + interval '1 minute' AS t FROM data_bars")
                .single()
                .instant("t");
    }

    @Override
    public void advance(Duration step) {
        Instant now = clock.advance(step);
        try {
            clock.applyTo(session);
            session.setAutoCommit(false);
            feed.advance(session, now);
            worker.cycle(session, now);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the stand-in's feed or worker failed at " + now + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    /**
     * One progress line for a runbook watching the system: the tasks' totals and the newest 1m bar, and,
     * when the suite runs the stand-in itself ({@code live} not null), its feed and worker.
     */
    static String progress(RunbookContext runbook, SimulatedAggregation live) {
        Rows r = runbook.target()
                .read(
                        "progress",
                        "SELECT sum(total_runs) AS runs, sum(total_bars_created) AS bars,"
                                + " sum(hard_fail_streak) AS streaks, (SELECT max(ts_utc) FROM data_bars) AS newest_1m FROM data_agg_state");
        return "state: " + r.single("runs") + " runs, " + r.single("bars") + " bars, streaks " + r.single("streaks")
                + ", newest 1m " + r.single("newest_1m") + (live == null ? "" : "; worker " + live.worker.summary());
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (SQLException e) {
            // the session is gone either way
        }
    }
}
