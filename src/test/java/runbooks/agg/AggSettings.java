package runbooks.agg;

import java.time.Duration;

/**
 * The aggregation runbooks' own keys ({@code environments/<env>.properties}), with their defaults; docs/configuration.md lists each, generated from this class ({@code SettingsDocumentedTest}). Locally the durations are simulated time.
 */
public final class AggSettings {

    private AggSettings() {}

    /** How long the first worker run after the deploy may take to come (cursor fix step 7, Phase 5 step 9). */
    public static final String CRON_TIMEOUT = "agg.cron.timeout";

    public static final Duration CRON_TIMEOUT_DEFAULT = Duration.ofHours(2);
    /** How long the post-deploy monitoring is watched (the documents' 24 hours). */
    public static final String MONITOR_WINDOW = "agg.monitor.window";

    public static final Duration MONITOR_WINDOW_DEFAULT = Duration.ofHours(24);
    /** How often a watch looks. */
    public static final String MONITOR_POLL = "agg.monitor.poll";

    public static final Duration MONITOR_POLL_DEFAULT = Duration.ofMinutes(5);
    /** How often the cursor fix's alert query runs during the monitoring. */
    public static final String MONITOR_ALERT_EVERY = "agg.monitor.alert_every";

    public static final Duration MONITOR_ALERT_EVERY_DEFAULT = Duration.ofMinutes(15);
    /** The worker's database role, granted EXECUTE by 004. */
    public static final String WORKER_ROLE = "agg.worker.role";

    public static final String WORKER_ROLE_DEFAULT = "aggregator";
    /** The stand-in worker's most windows per task and run. */
    public static final String WORKER_MAX_WINDOWS = "agg.worker.max_windows";

    public static final int WORKER_MAX_WINDOWS_DEFAULT = 200;
    /** The staging stand-in worker counts a task due this early (so a short watch sees every task run). */
    public static final String WORKER_DUE_LOOKAHEAD = "agg.worker.due_lookahead";

    public static final Duration WORKER_DUE_LOOKAHEAD_DEFAULT = Duration.ofMinutes(60);
    /** The staging stand-in worker's timer. */
    public static final String WORKER_TICK = "agg.worker.tick";
    /** The staging stand-in feed's timer. */
    public static final String FEED_TICK = "agg.feed.tick";

    public static final Duration TICK_DEFAULT = Duration.ofMillis(500);
    /** The stand-in feed's symbols, comma-separated; default all five. */
    public static final String FEED_SYMBOLS = "agg.feed.symbols";
    /** How much of its backlog the stand-in feed ingests at a time: 2 minutes live, 30 simulated minutes locally. */
    public static final String FEED_CATCH_UP = "agg.feed.catch_up";
}
