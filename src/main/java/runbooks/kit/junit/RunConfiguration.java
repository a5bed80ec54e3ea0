package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.env.Environment;
import runbooks.kit.env.Secrets;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * What a run of one runbook was told ({@link RunbookContext#config()}) ({@link Settings}' run keys: {@code -D} or JUnit configuration parameters) and
 * where its files are: the project root, the environment (loaded on first use) and the runbook's settings in it, the
 * {@code sql/} files with a drill's overlay, the documents, the work folder, who runs it and for which change.
 */
public final class RunConfiguration {

    /** The runbook's id: its settings are {@code <id>.<key>} in the environment file. */
    private final String id;

    private final Function<String, Optional<String>> config;
    private final Path basedir;
    private Environment env;
    /** When the run began, to the second: its evidence folder's name and the report's time range. */
    private final java.time.Instant created =
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    java.time.Instant created() {
        return created;
    }

    /** Per environment name, keys that apply where the environment file does not set them (a runbook folder's). */
    private final Function<String, java.util.Map<String, String>> defaults;

    RunConfiguration(
            String id,
            Function<String, Optional<String>> config,
            Function<String, java.util.Map<String, String>> defaults) {
        this.id = id;
        this.config = config;
        this.defaults = defaults;
        this.basedir = basedir(config);
    }

    /** The project root a run with {@code config} works in. */
    static Path basedir(Function<String, Optional<String>> config) {
        return Path.of(config.apply(Settings.BASEDIR_PROPERTY).orElse("."))
                .toAbsolutePath()
                .normalize();
    }

    /** The runbook's id ({@link Runbook#id()}): its settings are {@code <id>.<key>} in the environment file. */
    public String id() {
        return id;
    }

    Optional<String> value(String key) {
        return config.apply(key);
    }

    /** The project root: {@code pom.xml}, {@code sql/}, {@code environments/}. */
    public Path basedir() {
        return basedir;
    }

    private Path environments() {
        return config.apply(Settings.ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
    }

    /**
     * The environment's name, without loading its file: {@code -Denv} as given, else {@code local}. The one place it is
     * read; {@link #env()} refuses an empty {@code -Denv=} with a sentence.
     */
    String envName() {
        return config.apply(Settings.ENV_PROPERTY)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse(Environment.DEFAULT_ENV);
    }

    /** The environment: {@code -Denv}, its file, then the run's values, the secrets and the environment's defaults. */
    public synchronized Environment env() {
        if (env == null) {
            Optional<String> given = config.apply(Settings.ENV_PROPERTY).map(String::trim);
            if (given.filter(String::isEmpty).isPresent()) {
                // -Denv=$TARGET_ENV with the variable unset: the operator meant some environment, not the default.
                throw new runbooks.kit.env.ConfigurationException(
                        "-Denv= is empty (a shell variable that is not set?): name the environment, e.g."
                                + " -Denv=staging, or leave -Denv out to run on local.");
            }
            String name = envName();
            Function<String, Optional<String>> fallback = Environment.defaultVariables(basedir, name);
            env = Environment.load(
                            environments(),
                            name,
                            key -> config.apply(key).or(() -> Secrets.get(key)).or(() -> fallback.apply(key)))
                    .withDefaults(defaults.apply(name));
        }
        return env;
    }

    /** Whether this run is on env=local, the local cluster the suite starts itself. */
    public boolean isLocal() {
        return env().isLocal();
    }

    /** A per-runbook setting: {@code <id>.<key>} in the environment file, else {@code <key>} ({@link Settings}). */
    public Optional<String> setting(String key) {
        return env().first(id + "." + key, key);
    }

    /** {@code -Drehearse=copy} (or the setting {@code rehearse=copy}): the whole runbook on a fresh copy of the target. */
    boolean rehearsing() {
        Optional<String> rehearse = value(Settings.REHEARSE).or(() -> setting(Settings.REHEARSE));
        return rehearse.map(String::trim).equals(Optional.of("copy"));
    }

    /** Whether the run's configuration loads: a run that stops on a configuration mistake creates no evidence folder. */
    boolean loads() {
        try {
            env();
            return true;
        } catch (runbooks.kit.env.ConfigurationException e) {
            return false;
        }
    }

    synchronized Optional<Environment> envIfLoaded() {
        return Optional.ofNullable(env);
    }

    /** The local cluster where migrations are rehearsed: on other environments the one {@code local.properties} describes. */
    public LocalCluster rehearsalCluster() {
        if (env().isLocal()) {
            return LocalClusters.shared(env());
        }
        Path dir = environments();
        return LocalClusters.shared(Environment.load(
                dir.resolve("local.properties").toFile().exists() ? dir : basedir.resolve("environments"),
                Environment.LOCAL,
                key -> Optional.empty()));
    }

    /** The {@code sql/} folder, a drill's overlay applied. */
    public SqlFiles sqlFiles() {
        return new SqlFiles(
                basedir.resolve("sql"), config.apply(Settings.OVERLAY_PROPERTY).map(Path::of));
    }

    SqlFile sql(String relative) {
        return sqlFiles().file(relative);
    }

    Path documents() {
        return config.apply(Settings.DOCUMENTS_PROPERTY)
                .map(Path::of)
                .orElse(basedir.resolve("../shared/runbooks"))
                .normalize();
    }

    /** A folder of the runbook's own under {@code target/runbooks/}, for manifests and merged files. */
    public Path workDir() {
        Path dir = config.apply(Settings.WORKDIR_PROPERTY)
                .map(Path::of)
                .orElse(basedir.resolve("target").resolve("runbooks").resolve(id));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    /** Who runs this: {@code -Doperator=}, else the OS user. */
    public String operator() {
        return config.apply(Settings.OPERATOR)
                .filter(o -> !o.isBlank())
                .orElse(System.getProperty("user.name", "unknown"));
    }

    /** The change this run belongs to ({@code -Dchange=CHG-1234}), if given. */
    public Optional<String> change() {
        return config.apply(Settings.CHANGE).map(String::trim).filter(c -> !c.isEmpty());
    }

    /**
     * The team's command in the setting {@code commandKey} ({@code <id>.<key>}: a restart, a smoke run), to run in the
     * project folder within the duration setting {@code timeoutKey} (else {@code timeoutDefault}); absent when unset or
     * blank, for the step to skip saying which setting it needs.
     */
    public Optional<ConfiguredCommand> command(String commandKey, String timeoutKey, Duration timeoutDefault) {
        return setting(commandKey)
                .filter(c -> !c.isBlank())
                .map(c -> new ConfiguredCommand(
                        id + "." + commandKey, c, env().duration(timeoutKey, timeoutDefault), basedir));
    }
}
