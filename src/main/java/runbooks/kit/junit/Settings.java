package runbooks.kit.junit;

import java.time.Duration;
import runbooks.kit.env.Environment;
import runbooks.kit.sql.SqlFiles;

/**
 * Every key the kit reads, with its default. Run keys come from {@code -D} (system properties) or JUnit configuration
 * parameters; environment keys from {@code environments/<env>.properties}, where a runbook's own {@code <id>.<key>} wins
 * over {@code <key>} ({@link RunConfiguration#setting}). {@code docs/configuration.md} is generated from this class (its constants, defaults and Javadoc).
 */
public final class Settings {

    private Settings() {}

    // Run keys (-Dkey=value).

    /** The environment file to use; default {@value Environment#DEFAULT_ENV}. */
    public static final String ENV_PROPERTY = Environment.ENV_PROPERTY;
    /** The project root; default the working directory. */
    public static final String BASEDIR_PROPERTY = "runbooks.basedir";
    /** The folder of environment files; default {@code <basedir>/environments}. */
    public static final String ENVIRONMENTS_PROPERTY = "runbooks.environments";
    /** This run's work folder; default {@code target/runbooks/<id>} (drills get one each). */
    public static final String WORKDIR_PROPERTY = "runbooks.workdir";
    /** Where Allure results go; the build sets {@code target/allure-results-<report.name>} ({@code -Dreport.name}, default the environment). */
    public static final String RESULTS_PROPERTY = "allure.results.directory";
    /** The folder of the runbook documents; default {@code ../shared/runbooks}. */
    public static final String DOCUMENTS_PROPERTY = "runbooks.documents";
    /**
     * This run's evidence folder, used as given (a drill's, a test's); default a folder of its own per run, {@code
     * target/evidence/<env>/<id>/<run-id>/}, beside the runbook's {@code apply-log.md} (every run's entry) and a {@code
     * latest} link to the newest run. No run removes another's files.
     */
    public static final String EVIDENCE_PROPERTY = "runbooks.evidence";
    /** The runbook's folder that holds its runs' folders; default {@code target/evidence/<env>/<id>}. */
    public static final String EVIDENCE_ROOT_PROPERTY = "runbooks.evidence.root";
    /** A folder whose files replace or add to {@code sql/}'s (a drill's defect); default none. */
    public static final String OVERLAY_PROPERTY = SqlFiles.OVERLAY_PROPERTY;
    /** {@code copy}: the whole runbook on a fresh copy of the target (also an environment key); default off. */
    public static final String REHEARSE = "rehearse";
    /** Who runs this, for the report and the apply log; default the OS user. */
    public static final String OPERATOR = "operator";
    /** The change ticket this run belongs to ({@code CHG-1234}); default none. */
    public static final String CHANGE = "change";
    /** The operator's confirmation: the name of the database to change, where {@link #CONFIRM_REQUIRED}. */
    public static final String CONFIRM = "confirm";

    // Environment keys (environments/<env>.properties; <id>.<key> first where marked "per runbook").

    /** Per runbook: a JDBC or libpq URL for the target, in place of host, port, database and user. */
    public static final String DATABASE_URL = "database_url";
    /** Per runbook: the target database's name (required without {@link #DATABASE_URL}). */
    public static final String DATABASE = "database";
    /** What the target must prove to be before any write: {@code expect.host}, {@code .port}, {@code .system_identifier}. */
    public static final String EXPECT_PREFIX = "expect.";
    /** The timeout of every check (read-only); default 60 s. */
    public static final String CHECK_TIMEOUT = "check.statement_timeout";

    public static final Duration CHECK_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    /** The timeout of every write; default 10 min. */
    public static final String WRITE_TIMEOUT = "write.statement_timeout";

    public static final Duration WRITE_TIMEOUT_DEFAULT = Duration.ofMinutes(10);
    /** How long a statement waits for a lock before it gives up; default 5 s. */
    public static final String LOCK_TIMEOUT = "lock_timeout";

    public static final Duration LOCK_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
    /** How long a second run waits for the first one's run lock; default 1 min on local, 10 min elsewhere. */
    public static final String RUN_LOCK_WAIT = "run_lock.wait";
    /** {@code true}: writes need {@link #CONFIRM}; default false. */
    public static final String CONFIRM_REQUIRED = "confirm.required";
    /** {@code true}: writes need {@link #CHANGE}; default false. */
    public static final String CHANGE_REQUIRED = "change.required";
    /** {@code true}: writes need a passing staging run's promotion record of the same suite; default false. */
    public static final String PROMOTION_REQUIRED = "promotion.required";
    /** Per runbook: the promotion record production reads; default {@code target/evidence/staging/<id>/promotion.json}. */
    public static final String PROMOTION_RECORD = "promotion.record";
    /** The environment whose passing run a promotion record must come from; default {@code staging}. */
    public static final String PROMOTION_ENVIRONMENT = "promotion.environment";
    /** {@code true}: a passing run of this environment writes a promotion record (staging); default false. */
    public static final String PROMOTION_RECORDS = "promotion.records";
    /** Per runbook: the team's migrations folder, whose files a promotion record covers; default none. */
    public static final String MIGRATIONS_DIR = "migrations.dir";
    /** The folder of {@code pg_dump}/{@code psql}; default the embedded cluster's, else the PATH's. */
    public static final String PG_BIN = "pg.bin";
    /** The limit of one backup, restore or copy; default 30 min. */
    public static final String BACKUP_TIMEOUT = "backup.timeout";

    public static final Duration BACKUP_TIMEOUT_DEFAULT = Duration.ofMinutes(30);
    /** Per runbook: the gate's findings that block ({@code error}, {@code warning}); default {@code error}. */
    public static final String GATE_BLOCK = "gate.block";
    /** The longest strong lock the gate lets a statement hold on a populated table; default 2 s. */
    public static final String GATE_MAX_LOCK = "gate.max_lock";

    public static final Duration GATE_MAX_LOCK_DEFAULT = Duration.ofSeconds(2);
}
