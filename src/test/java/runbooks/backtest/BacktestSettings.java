package runbooks.backtest;

import java.time.Duration;

/**
 * The backtest runbook's own keys, with their defaults; {@code setting(...)} keys are read as {@code backtest.<key>}
 * first. docs/configuration.md lists each, generated from this class ({@code SettingsDocumentedTest}).
 */
public final class BacktestSettings {

    private BacktestSettings() {}

    /** Where the §2.1 backups go ({@code <dir>/<env>/<runbook>/}); default the run's evidence folder. */
    public static final String BACKUP_DIR = "backup.dir";
    /** Results added before §6.2's timings on a stand-in, so that an index matters; default 0. */
    public static final String STAND_IN_VOLUME = "stand_in_volume";
    /** Timed runs per §6.2 query. */
    public static final String SLA_RUNS = "backtest.sla.runs";

    public static final int SLA_RUNS_DEFAULT = 30;
    /** Whether §6.1's VACUUM ANALYZE runs; default false. */
    public static final String VACUUM = "vacuum";
    /** Whether §4.1's rollback by restore is rehearsed (stand-ins only); default false. */
    public static final String ROLLBACK_REHEARSE = "rollback.rehearse";
    /** §3.3's restart command (step 09; with it and the URLs below all unset, the step is skipped saying so). */
    public static final String RESTART_COMMAND = "restart.command";
    /** How long §3.3's restart command may take. */
    public static final String RESTART_TIMEOUT = "backtest.restart.timeout";

    public static final Duration RESTART_TIMEOUT_DEFAULT = Duration.ofMinutes(5);
    /** §3.3's health URLs, comma-separated: each must answer 2xx within 2 s. */
    public static final String HEALTH_URLS = "health.urls";
    /** §5.1.2's results URL (GET, 2 s). */
    public static final String RESULTS_URL = "api.results_url";
    /** §5.1.2's run URL (POST, 5 s). */
    public static final String RUN_URL = "api.run_url";
    /** The JSON body POSTed to the run URL. */
    public static final String RUN_BODY = "api.run_body";
}
