package runbooks.agg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * The stand-in's market data feed: 1m bars arrive as time passes. It first catches up from where the
 * stand-in's history ends (the ingestion lag), at most {@code catchUp} of bars at a time, then follows
 * the clock: after each {@link #advance} the bars of every minute that has ended are there.
 */
final class MarketFeed {

    private final Target target;
    private final SqlFile bars;
    private final String symbols;
    private final Duration catchUp;
    private Instant frontier;

    /** @param symbols comma-separated subset of the stand-in's symbols, empty for all */
    MarketFeed(Target target, SqlFile bars, String symbols, Instant from, Duration catchUp) {
        this.target = target;
        this.bars = bars;
        this.symbols = symbols;
        this.frontier = from.truncatedTo(ChronoUnit.MINUTES);
        this.catchUp = catchUp;
    }

    synchronized Instant frontier() {
        return frontier;
    }

    /** Ingests the bars from the frontier up to {@code now} (at most {@code catchUp} of them), on session {@code c}. */
    synchronized void advance(Connection c, Instant now) throws SQLException {
        Instant until = now.truncatedTo(ChronoUnit.MINUTES);
        Instant to = frontier.plus(catchUp).isBefore(until) ? frontier.plus(catchUp) : until;
        if (!to.isAfter(frontier)) {
            return;
        }
        target.verify()
                .transaction(
                        c,
                        Map.of(
                                "runbook.feed_from",
                                frontier.toString(),
                                "runbook.feed_to",
                                to.toString(),
                                "runbook.feed_symbols",
                                symbols),
                        s -> s.createStatement().execute(bars.text()));
        frontier = to;
    }
}
