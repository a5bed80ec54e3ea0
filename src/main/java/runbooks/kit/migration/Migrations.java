package runbooks.kit.migration;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import runbooks.kit.database.Target;

/**
 * A runbook's Flyway migrations (one folder under {@code sql/}) against its target. Reading the state
 * is always allowed; applying goes through {@link Target#writableDataSource()}, so it is refused until
 * the target has been verified.
 */
public final class Migrations implements MigrationJournal {

    private final Target target;
    private final Path folder;

    public Migrations(Target target, Path folder) {
        this.target = target;
        this.folder = folder;
    }

    @Override
    public String tool() {
        return "Flyway";
    }

    @Override
    public MigrationJournal on(Target other) {
        return new Migrations(other, folder);
    }

    @Override
    public List<String> problems() {
        return Arrays.stream(reading().info().all())
                .filter(m -> m.getState().isFailed())
                .map(m -> "Migration " + m.getVersion() + " (" + m.getScript()
                        + ") failed: repair it (flyway repair) before deploying.")
                .collect(Collectors.toList());
    }

    @Override
    public Path folder() {
        return folder;
    }

    /** Versions not yet applied, in order. */
    @Override
    public List<String> pendingVersions() {
        return versions(reading().info().pending());
    }

    @Override
    public List<String> appliedVersions() {
        return versions(reading().info().applied());
    }

    /** The files of the pending migrations, in order. */
    @Override
    public List<Path> pendingFiles() {
        return Arrays.stream(reading().info().pending())
                .map(m -> folder.resolve(m.getScript()))
                .collect(Collectors.toList());
    }

    /** {@code flyway info} as text, for the report. */
    @Override
    public String status() {
        return Arrays.stream(reading().info().all())
                .map(m -> String.format(
                        "%-16s %-45s %-10s %s",
                        m.getVersion(),
                        m.getDescription(),
                        m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? "" : m.getInstalledOn().toInstant()))
                .collect(Collectors.joining(
                        "\n",
                        String.format("%-16s %-45s %-10s %s%n", "Version", "Description", "State", "Installed on"),
                        ""));
    }

    /** True when every migration in the folder is applied and none failed. */
    @Override
    public boolean isUpToDate() {
        return Arrays.stream(reading().info().all())
                .allMatch(m -> m.getState() == MigrationState.SUCCESS
                        || m.getState() == MigrationState.BASELINE
                        || m.getState() == MigrationState.BELOW_BASELINE);
    }

    @Override
    public int migrate() {
        MigrateResult result = writing().migrate();
        if (!result.success) {
            throw new IllegalStateException(
                    "flyway migrate did not succeed on " + target.spec().masked());
        }
        return result.migrationsExecuted;
    }

    /** Applies migrations up to and including {@code version} (a stand-in's pre-deploy state). */
    @Override
    public void migrateTo(String version) {
        configure()
                .dataSource(target.writableDataSource())
                .target(version)
                .load()
                .migrate();
    }

    private Flyway reading() {
        return configure().dataSource(target.spec().dataSource()).load();
    }

    private Flyway writing() {
        return configure().dataSource(target.writableDataSource()).load();
    }

    private FluentConfiguration configure() {
        return Flyway.configure()
                .locations("filesystem:" + folder.toAbsolutePath())
                .cleanDisabled(true)
                .connectRetries(0)
                .initSql("SET lock_timeout = " + target.timeouts().lock().toMillis() + "; SET statement_timeout = "
                        + target.timeouts().write().toMillis());
    }

    private static List<String> versions(MigrationInfo[] infos) {
        return Arrays.stream(infos).map(m -> m.getVersion().getVersion()).collect(Collectors.toList());
    }
}
