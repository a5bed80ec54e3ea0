package runbooks.kit.migration;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import runbooks.kit.database.Target;

/**
 * A runbook's Flyway migrations (one folder under {@code sql/}) against its target. Reading the state
 * is always allowed; applying goes through {@link Target#writableDataSource()}, so it is refused until
 * the target has been verified.
 */
public final class Migrations {

    private final Target target;
    private final Path folder;

    public Migrations(Target target, Path folder) {
        this.target = target;
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Versions not yet applied, in order. */
    public List<String> pendingVersions() {
        return versions(reading().info().pending());
    }

    public List<String> appliedVersions() {
        return versions(reading().info().applied());
    }

    /** The files of the pending migrations, in order. */
    public List<Path> pendingFiles() {
        return Arrays.stream(reading().info().pending()).map(m -> folder.resolve(m.getScript())).collect(Collectors.toList());
    }

    /** {@code flyway info} as text, for the report. */
    public String status() {
        return Arrays.stream(reading().info().all())
                .map(m -> String.format("%-16s %-45s %-10s %s", m.getVersion(), m.getDescription(), m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? "" : m.getInstalledOn().toInstant()))
                .collect(Collectors.joining("\n", String.format("%-16s %-45s %-10s %s%n", "Version", "Description", "State", "Installed on"), ""));
    }

    /** True when every migration in the folder is applied and none failed. */
    public boolean isUpToDate() {
        return Arrays.stream(reading().info().all()).allMatch(m -> m.getState() == MigrationState.SUCCESS
                || m.getState() == MigrationState.BASELINE || m.getState() == MigrationState.BELOW_BASELINE);
    }

    public MigrateResult migrate() {
        return writing().migrate();
    }

    /** Applies migrations up to and including {@code version} (a stand-in's pre-deploy state). */
    public MigrateResult migrateTo(String version) {
        return configure().dataSource(target.writableDataSource()).target(version).load().migrate();
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
                .initSql("SET lock_timeout = " + target.timeouts().lock().toMillis()
                        + "; SET statement_timeout = " + target.timeouts().write().toMillis());
    }

    private static List<String> versions(MigrationInfo[] infos) {
        return Arrays.stream(infos).map(m -> m.getVersion().getVersion()).collect(Collectors.toList());
    }
}
