package runbooks.agg;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * The local stand-in's market data feed: 1m bars keep arriving while the runbook watches the worker.
 * It first catches up from where the stand-in's history ends (the ingestion lag) at {@code catchUp}
 * minutes of bars per tick, then follows the clock.
 */
final class MarketFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeed.class);

    private final Target target;
    private final SqlFile bars;
    private final String symbols;
    private final Duration catchUp;
    private Instant frontier;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "market-feed");
        t.setDaemon(true);
        return t;
    });

    /** @param symbols comma-separated subset of the stand-in's symbols, empty for all */
    MarketFeed(Target target, SqlFile bars, String symbols, Instant from, Duration catchUp) {
        this.target = target;
        this.bars = bars;
        this.symbols = symbols;
        this.frontier = from.truncatedTo(ChronoUnit.MINUTES);
        this.catchUp = catchUp;
    }

    MarketFeed start(Duration tick) {
        LOG.info("[feed] 1m bars from {}, catching up {} per tick of {}", frontier, catchUp, tick);
        scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    synchronized Instant frontier() {
        return frontier;
    }

    private synchronized void tick() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant to = frontier.plus(catchUp).isBefore(now) ? frontier.plus(catchUp) : now;
        if (!to.isAfter(frontier)) {
            return;
        }
        try {
            target.inTransaction(Map.of("runbook.feed_from", frontier.toString(), "runbook.feed_to", to.toString(), "runbook.feed_symbols", symbols),
                    c -> c.createStatement().execute(bars.text()));
            frontier = to;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("[feed] {} failed: {}", bars, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
