package runbooks.usage;

import java.time.Duration;

/**
 * The usage runbook's own keys, with their defaults; {@code setting(...)} keys are read as {@code usage.<key>} first.
 * docs/configuration.md lists each, generated from this class ({@code SettingsDocumentedTest}).
 */
public final class UsageSettings {

    private UsageSettings() {}

    /** Step 04: the team's own apply ({@code pnpm drizzle-kit migrate}) in place of the suite's; default unset. */
    public static final String MIGRATE_COMMAND = "migrate.command";

    /** Step 04: how long the team's apply may take. */
    public static final String MIGRATE_TIMEOUT = "usage.migrate.timeout";

    public static final Duration MIGRATE_TIMEOUT_DEFAULT = Duration.ofMinutes(30);
    /** The schema of drizzle's journal ({@code drizzle.config}'s {@code migrations: { schema }}). */
    public static final String MIGRATIONS_SCHEMA = "migrations.schema";
    /** The table of drizzle's journal ({@code drizzle.config}'s {@code migrations: { table }}). */
    public static final String MIGRATIONS_TABLE = "migrations.table";
    /** The ingestion job's application_name, whose sessions must be gone before the apply. */
    public static final String INGESTION_APPLICATION = "ingestion.application_name";
}
