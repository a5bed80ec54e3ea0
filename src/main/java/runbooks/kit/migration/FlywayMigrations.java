package runbooks.kit.migration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;
import runbooks.kit.database.Target;

/**
 * A team's Flyway migrations against a runbook's target, run by Flyway's own engine (flyway-core's public API) with the
 * team's configuration ({@link FlywayConfiguration}: their conf files and {@code flyway.*} keys; each script's
 * {@code .sql.conf}, which Flyway reads itself). The deploy state is what {@code flyway info} reports, and every state
 * that stops a deploy is told in one sentence with its remedy ({@link #problems()}). Reading is always allowed; applying
 * goes through {@link Target#writableDataSource()}, refused until the target has been verified.
 */
public final class FlywayMigrations implements MigrationJournal {

    private static final String UNRECORDED_SCHEMA = resource("flyway_unrecorded_schema.sql");

    private final Target target;
    private final Path folder;
    private final FlywayConfiguration configuration;

    /** Flyway's defaults (but {@code postgresql.transactional.lock=false}: {@link FlywayConfiguration}). */
    public FlywayMigrations(Target target, Path folder) {
        this(target, folder, FlywayConfiguration.defaults());
    }

    public FlywayMigrations(Target target, Path folder, FlywayConfiguration configuration) {
        this.target = target;
        this.folder = folder;
        this.configuration = configuration;
    }

    @Override
    public String tool() {
        return "Flyway";
    }

    @Override
    public MigrationJournal on(Target other) {
        return new FlywayMigrations(other, folder, configuration);
    }

    public FlywayConfiguration configuration() {
        return configuration;
    }

    @Override
    public Path folder() {
        return folder;
    }

    /** {@code flyway info}: every migration Flyway knows of, the folder's and the history table's. */
    public List<MigrationInfo> info() {
        return Arrays.asList(reading().info().all());
    }

    /**
     * What stops a deploy, one sentence each with the remedy: Failed, Outdated, Ignored, Missing and Future rows of
     * {@code flyway info}, and what {@code flyway validate} finds beside them (an applied script changed since).
     */
    @Override
    public List<String> problems() {
        Flyway flyway = reading();
        List<String> out = new ArrayList<>();
        unrecordedSchema(flyway).ifPresent(out::add);
        // What the team's configuration tells Flyway to ignore (flyway.ignoreMigrationPatterns=*:missing: a folder
        // holding
        // only this release's scripts) stops nothing, as flyway migrate and validate ignore it.
        ValidatePattern[] ignored = flyway.getConfiguration().getIgnoreMigrationPatterns();
        for (MigrationInfo m : flyway.info().all()) {
            if (Arrays.stream(ignored).noneMatch(p -> p.matchesMigration(m.getVersion() != null, m.getState()))) {
                FlywayStates.sentence(m, folder, historyTable()).ifPresent(out::add);
            }
        }
        ValidateResult validate = flyway.validateWithResult();
        if (!validate.validationSuccessful) {
            validate.invalidMigrations.stream()
                    .filter(v -> v.errorDetails != null
                            && v.errorDetails.errorMessage != null
                            && v.errorDetails.errorMessage.contains("checksum mismatch"))
                    .map(v -> "V" + v.version + " (" + v.filepath + ") was changed after it was applied: Flyway's"
                            + " checksum of the file differs from " + historyTable()
                            + " (flyway validate fails). Restore the file as it was applied; if the change is only"
                            + " cosmetic and reviewed, flyway repair records the new checksum.")
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * Flyway's refusal of a first migrate on a schema that holds tables but no history table ("Found non-empty schema(s)
     * ... but no schema history table"), unless the team baselines on migrate.
     */
    private Optional<String> unrecordedSchema(Flyway flyway) {
        List<String> tables = unrecordedTables(flyway);
        if (tables.isEmpty() || flyway.getConfiguration().isBaselineOnMigrate()) {
            return Optional.empty();
        }
        String history = historyTable();
        return Optional.of("Schema " + history.substring(0, history.indexOf('.')) + " holds tables ("
                + String.join(", ", tables) + ") but no " + history
                + ": flyway migrate refuses a non-empty schema without its history table."
                + " Baseline it at the version it is at (flyway baseline -baselineVersion=<version>), or set"
                + " flyway.baselineOnMigrate=true with flyway.baselineVersion=<version>.");
    }

    /** Tables of the history table's schema, where that schema has no history table yet (at most five). */
    private List<String> unrecordedTables(Flyway flyway) {
        String history = historyTable();
        String schema = history.substring(0, history.indexOf('.'));
        List<String> names = new ArrayList<>();
        target.read(
                        "tables without a Flyway history",
                        UNRECORDED_SCHEMA,
                        schema,
                        "\"" + schema.replace("\"", "\"\"") + "\".\""
                                + flyway.getConfiguration().getTable().replace("\"", "\"\"") + "\"")
                .forEach(r -> names.add(r.get("table_name")));
        return names;
    }

    /**
     * Whether {@code m} is one that {@code flyway.baselineOnMigrate} will mark as applied instead of running it: a
     * version up to {@code flyway.baselineVersion}, on a schema that holds tables and no history table yet.
     */
    private static boolean baselinedOnMigrate(MigrationInfo m, Flyway flyway, boolean unrecorded) {
        return unrecorded
                && flyway.getConfiguration().isBaselineOnMigrate()
                && m.getVersion() != null
                && m.getVersion().compareTo(flyway.getConfiguration().getBaselineVersion()) <= 0;
    }

    /** Flyway's pending migrations, but those {@code flyway.baselineOnMigrate} will mark applied without running them. */
    private List<MigrationInfo> pending() {
        Flyway flyway = reading();
        boolean unrecorded = flyway.getConfiguration().isBaselineOnMigrate()
                && !unrecordedTables(flyway).isEmpty();
        return Arrays.stream(flyway.info().pending())
                .filter(m -> !baselinedOnMigrate(m, flyway, unrecorded))
                .toList();
    }

    /** The history table as Flyway names it ({@code public.flyway_schema_history}, or the team's schemas and table). */
    public String historyTable() {
        Flyway flyway = reading();
        String[] schemas = flyway.getConfiguration().getSchemas();
        String schema = flyway.getConfiguration().getDefaultSchema() != null
                ? flyway.getConfiguration().getDefaultSchema()
                : schemas.length > 0 ? schemas[0] : "public";
        return schema + "." + flyway.getConfiguration().getTable();
    }

    /** Versions (or repeatable descriptions) Flyway would apply next, in order. */
    @Override
    public List<String> pendingVersions() {
        return pending().stream().map(FlywayMigrations::name).collect(Collectors.toList());
    }

    /** Versions applied (a baseline's included, and those a pending baseline on migrate stands for). */
    @Override
    public List<String> appliedVersions() {
        Flyway flyway = reading();
        boolean unrecorded = flyway.getConfiguration().isBaselineOnMigrate()
                && !unrecordedTables(flyway).isEmpty();
        return Arrays.stream(flyway.info().all())
                .filter(m -> m.getVersion() != null)
                .filter(m -> m.getState().isApplied() || baselinedOnMigrate(m, flyway, unrecorded))
                .map(FlywayMigrations::name)
                .distinct()
                .collect(Collectors.toList());
    }

    @Override
    public Optional<String> appliedRecord(String version) {
        return info().stream()
                .filter(m -> name(m).equals(version) && m.getState().isApplied())
                .findFirst()
                .map(m -> name(m) + " " + m.getState().getDisplayName() + ", installed "
                        + (m.getInstalledOn() == null
                                ? "(no date)"
                                : m.getInstalledOn().toInstant())
                        + " by " + m.getInstalledBy() + " (" + historyTable() + ")");
    }

    /** The files of the pending migrations, in order. */
    @Override
    public List<Path> pendingFiles() {
        return pending().stream().map(m -> folder.resolve(m.getScript())).collect(Collectors.toList());
    }

    /**
     * The pending scripts as Flyway will run them, written under {@code dir} (each with its {@code .sql.conf}): the
     * team's placeholders replaced ({@code flyway.placeholders.*}, {@code ${flyway:defaultSchema}},
     * {@code ${flyway:table}}, {@code ${flyway:filename}}), so that the safety gate judges the statements Flyway sends.
     */
    public List<Path> pendingScripts(Path dir) {
        org.flywaydb.core.api.configuration.Configuration conf = reading().getConfiguration();
        List<Path> out = new ArrayList<>();
        for (Path script : pendingFiles()) {
            java.util.Map<String, String> values = new java.util.HashMap<>(conf.getPlaceholders());
            values.put(
                    "flyway:defaultSchema",
                    historyTable().substring(0, historyTable().indexOf('.')));
            values.put("flyway:table", conf.getTable());
            values.put("flyway:filename", script.getFileName().toString());
            String text = MigrationFiles.readForApply(script);
            if (conf.isPlaceholderReplacement()) {
                org.apache.commons.text.StringSubstitutor substitutor = new org.apache.commons.text.StringSubstitutor(
                                values::get)
                        .setVariablePrefix(conf.getPlaceholderPrefix())
                        .setVariableSuffix(conf.getPlaceholderSuffix())
                        .setValueDelimiterMatcher(null)
                        .setEscapeChar((char) 0);
                text = substitutor.replace(text);
            }
            try {
                java.nio.file.Files.createDirectories(dir);
                Path rendered = java.nio.file.Files.writeString(dir.resolve(script.getFileName()), text);
                Path conf2 = FlywayScriptConfig.of(script);
                if (java.nio.file.Files.isRegularFile(conf2)) {
                    java.nio.file.Files.copy(
                            conf2, FlywayScriptConfig.of(rendered), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                out.add(rendered);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Could not write " + script.getFileName() + " under " + dir, e);
            }
        }
        return out;
    }

    /** {@code flyway info} as text, for the report. */
    @Override
    public String status() {
        return info().stream()
                .map(m -> String.format(
                        "%-10s %-10s %-40s %-12s %s",
                        m.getVersion() == null ? "" : m.getVersion().getVersion(),
                        m.getType(),
                        m.getDescription(),
                        m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? "" : m.getInstalledOn().toInstant()))
                .collect(Collectors.joining(
                        "\n",
                        historyTable() + "\n"
                                + String.format(
                                        "%-10s %-10s %-40s %-12s %s%n",
                                        "Version", "Type", "Description", "State", "Installed on"),
                        "\n"));
    }

    /** True when nothing is pending and {@link #problems()} is empty. */
    @Override
    public boolean isUpToDate() {
        return pendingVersions().isEmpty() && problems().isEmpty();
    }

    /** {@code flyway migrate}; a failure is one sentence naming the script, with the history row Flyway left. */
    @Override
    public int migrate() {
        return migrate(writing());
    }

    /** Applies migrations up to and including {@code version} (a stand-in's pre-deploy state). */
    @Override
    public void migrateTo(String version) {
        migrate(configuration
                .configure(
                        folder,
                        target.verify().writableDataSource(),
                        target.timeouts().lock(),
                        target.timeouts().write())
                .target(version)
                .load());
    }

    private int migrate(Flyway flyway) {
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            String failed = info().stream()
                    .filter(m -> m.getState().isFailed())
                    .map(m -> FlywayStates.sentence(m, folder, historyTable()).orElse(""))
                    .collect(Collectors.joining(" "));
            throw new IllegalStateException(
                    "flyway migrate failed on " + target.spec().masked() + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            + sqlError(e)
                            + (failed.isEmpty() ? "" : " " + failed),
                    e);
        }
        if (!result.success) {
            throw new IllegalStateException(
                    "flyway migrate did not succeed on " + target.spec().masked());
        }
        return result.migrationsExecuted;
    }

    /** The server's error under Flyway's exception: {@code (SQLSTATE 55P03: canceling statement due to lock timeout)}. */
    private static String sqlError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
                return " (SQLSTATE " + s.getSQLState() + ": "
                        + String.valueOf(s.getMessage()).lines().findFirst().orElse("") + ")";
            }
        }
        return "";
    }

    private Flyway reading() {
        return load(target.spec().dataSource());
    }

    private Flyway writing() {
        return load(target.verify().writableDataSource());
    }

    private Flyway load(DataSource dataSource) {
        return configuration
                .configure(
                        folder,
                        dataSource,
                        target.timeouts().lock(),
                        target.timeouts().write())
                .load();
    }

    private static String resource(String name) {
        try (java.io.InputStream in = FlywayMigrations.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How the kit names a migration: its version ({@code 2}), or {@code R:<description>} for a repeatable one. */
    static String name(MigrationInfo m) {
        return m.getVersion() == null
                ? "R:" + m.getDescription()
                : m.getVersion().getVersion();
    }
}
