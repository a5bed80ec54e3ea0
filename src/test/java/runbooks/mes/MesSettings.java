package runbooks.mes;

import java.time.Duration;

/**
 * The MES runbook's own keys, with their defaults; {@code setting(...)} keys are read as {@code mes.<key>} first. docs/configuration.md lists each, generated from this class ({@code SettingsDocumentedTest}).
 */
public final class MesSettings {

    private MesSettings() {}

    /** 03.2: the team's own {@code prisma migrate deploy} in place of the suite's apply; default unset. */
    public static final String MIGRATE_COMMAND = "migrate.command";
    /** 03.2: how long the team's deploy command may take. */
    public static final String MIGRATE_TIMEOUT = "mes.migrate.timeout";

    public static final Duration MIGRATE_TIMEOUT_DEFAULT = Duration.ofMinutes(30);
    /** §3.4 {@code --retry-manifest}: rerun only the failed or partial chunks of that manifest; default unset. */
    public static final String RETRY_MANIFEST = "backfill.retry_manifest";
    /** §6: the team's dataset/training smoke command; unset, the step is skipped saying so. */
    public static final String SMOKE_COMMAND = "smoke.command";

    /** §6: how long the smoke command may take. */
    public static final String SMOKE_TIMEOUT = "mes.smoke.timeout";

    public static final Duration SMOKE_TIMEOUT_DEFAULT = Duration.ofMinutes(15);
}
