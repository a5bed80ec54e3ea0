package runbooks.usage;

import java.time.Duration;

/**
 * The usage runbook's own keys, with their defaults; {@code setting(...)} keys are read as {@code usage.<key>} first.
 * The README's Configuration table lists each ({@code SettingsDocumentedTest}).
 */
public final class UsageSettings {

    private UsageSettings() {}

    /** Step 04: the team's own apply ({@code pnpm drizzle-kit migrate}) in place of the suite's; default unset. */
    public static final String MIGRATE_COMMAND = "migrate.command";

    public static final String MIGRATE_TIMEOUT = "usage.migrate.timeout";
    public static final Duration MIGRATE_TIMEOUT_DEFAULT = Duration.ofMinutes(30);
    /** Where drizzle's journal is ({@code drizzle.config}'s {@code migrations: { schema, table }}). */
    public static final String MIGRATIONS_SCHEMA = "migrations.schema";

    public static final String MIGRATIONS_TABLE = "migrations.table";
    /** The ingestion job's application_name, whose sessions must be gone before the apply. */
    public static final String INGESTION_APPLICATION = "ingestion.application_name";
}
