package runbooks.kit.migration;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import runbooks.kit.env.ConfigurationException;

/**
 * The team's Flyway configuration, as their own {@code flyway migrate} would read it: their conf files
 * ({@code flyway.conf}, {@code -configFiles}: properties files of {@code flyway.*} keys) and then the environment's
 * {@code flyway.*} keys, the later winning, handed to Flyway's own {@link FluentConfiguration#configuration(Map)}
 * (placeholders, schemas, history table, baseline, ...). Three things are the kit's, whatever the files say:
 *
 * <ul>
 *   <li>the connection: the verified target ({@code flyway.url}, {@code flyway.user}, {@code flyway.password} are
 *       ignored, so that nothing else is ever written to);
 *   <li>the location: the runbook's migrations folder (the team's checkout or {@code sql/<runbook>/...});
 *   <li>{@code clean} is disabled, and every connection starts with the target's lock and statement timeouts (then the
 *       team's {@code flyway.initSql}).
 * </ul>
 *
 * {@code flyway.postgresql.transactional.lock} defaults to {@code false} (Flyway's own default is {@code true}: its lock
 * is then held in a transaction, which {@code CREATE INDEX CONCURRENTLY} in a non-transactional script waits for until
 * {@code lock_timeout}, Flyway issue 3497); a team that sets it keeps its value.
 */
public record FlywayConfiguration(Map<String, String> keys, String source) {

    /** Flyway's key for its PostgreSQL lock; the kit's default is {@value #TRANSACTIONAL_LOCK_DEFAULT}. */
    public static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    public static final String TRANSACTIONAL_LOCK_DEFAULT = "false";

    /**
     * Per runbook ({@code <id>.flyway_conf}): the team's Flyway conf files, comma-separated, relative to the project
     * folder; default the copy the runbook names under {@code sql/}.
     */
    public static final String CONF_FILES_KEY = "flyway_conf";

    /** Keys the kit owns (see the class comment). */
    private static final Set<String> KIT_OWNED = Set.of(
            "flyway.url",
            "flyway.user",
            "flyway.password",
            "flyway.driver",
            "flyway.locations",
            "flyway.cleanDisabled");

    public FlywayConfiguration {
        keys = Map.copyOf(keys);
    }

    /** Flyway's defaults, but for the PostgreSQL lock (see the class comment). */
    public static FlywayConfiguration defaults() {
        return new FlywayConfiguration(Map.of(TRANSACTIONAL_LOCK, TRANSACTIONAL_LOCK_DEFAULT), "the kit's defaults");
    }

    /** This configuration with the {@code flyway.*} keys of {@code confFile} over it (a missing file is one sentence). */
    public FlywayConfiguration withConfFile(Path confFile) {
        if (!Files.isRegularFile(confFile)) {
            throw new ConfigurationException("The Flyway configuration file " + confFile
                    + " does not exist; point the runbook at the team's flyway.conf (or their -configFiles).");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(confFile, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Flyway configuration " + confFile, e);
        }
        Map<String, String> more = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> more.put(k, p.getProperty(k)));
        return with(more, confFile.getFileName().toString());
    }

    /** This configuration with {@code more} ({@code flyway.*} keys: the environment's, say) over it. */
    public FlywayConfiguration with(Map<String, String> more, String from) {
        Map<String, String> merged = new TreeMap<>(keys);
        more.forEach((k, v) -> {
            if (!k.startsWith("flyway.")) {
                throw new ConfigurationException(
                        "'" + k + "' (" + from
                                + ") is not a Flyway key: Flyway's keys start with 'flyway.' (flyway.schemas, flyway.table, flyway.placeholders.<name>, ...).");
            }
            merged.put(k, v.trim());
        });
        return new FlywayConfiguration(merged, source + ", then " + from);
    }

    /** Flyway configured with these keys for {@code folder} on {@code dataSource}, with the timeouts of the target. */
    FluentConfiguration configure(Path folder, DataSource dataSource, Duration lockTimeout, Duration statementTimeout) {
        Map<String, String> passed = new TreeMap<>(keys);
        KIT_OWNED.forEach(passed::remove);
        return Flyway.configure()
                .configuration(passed)
                .locations("filesystem:" + folder.toAbsolutePath())
                .cleanDisabled(true)
                .connectRetries(0)
                .initSql("SET lock_timeout = " + lockTimeout.toMillis() + "; SET statement_timeout = "
                        + statementTimeout.toMillis()
                        + (keys.containsKey("flyway.initSql") ? "; " + keys.get("flyway.initSql") : ""))
                .dataSource(dataSource);
    }

    /** The keys the kit ignored, for the report (never their values: a password may be among them). */
    public List<String> ignoredKeys() {
        return keys.keySet().stream().filter(KIT_OWNED::contains).sorted().toList();
    }

    /** For the report: where the keys came from and their values (a password is never shown). */
    public String describe() {
        StringBuilder text = new StringBuilder("Flyway configuration (" + source + "):\n");
        keys.forEach((k, v) -> text.append("  ")
                .append(k)
                .append('=')
                .append(k.contains("password") ? "***" : v)
                .append(KIT_OWNED.contains(k) ? "   (ignored: the kit's own)" : "")
                .append('\n'));
        return text.toString();
    }
}
