package runbooks.kit.env;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.text.StringSubstitutor;

/**
 * One deployment environment, read from {@code environments/<name>.properties}.
 *
 * <p>Values may reference variables as {@code ${NAME}} or {@code ${NAME:-default}}. A variable is
 * looked up, in order, in the JVM's system properties ({@code -DNAME=...}), the process environment,
 * and {@code .env.<name>.local} at the project root when that file exists (git-ignored; the MES
 * runbook sources {@code .env.staging.local}). A variable used by a key that is read but defined
 * nowhere is one {@link ConfigurationException}.
 */
public final class Environment {

    /** System property naming the environment; default {@value #DEFAULT_ENV}. */
    public static final String ENV_PROPERTY = "env";
    public static final String DEFAULT_ENV = "local";
    public static final String LOCAL = "local";

    private final String name;
    private final Path file;
    private final Properties raw;
    private final Function<String, Optional<String>> variables;

    private Environment(String name, Path file, Properties raw, Function<String, Optional<String>> variables) {
        this.name = name;
        this.file = file;
        this.raw = raw;
        this.variables = variables;
    }

    /** Loads {@code <environmentsDir>/<name>.properties}, resolving variables with {@code variables}. */
    public static Environment load(Path environmentsDir, String name, Function<String, Optional<String>> variables) {
        Path file = environmentsDir.resolve(name + ".properties");
        if (!name.matches("[A-Za-z0-9_-]+") || !Files.isRegularFile(file)) {
            throw new ConfigurationException("Unknown environment '" + name + "': there is no environments/"
                    + name + ".properties; use -Denv= with one of " + known(environmentsDir) + ".");
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("environments/" + name + ".properties is malformed (" + e.getMessage()
                    + "); fix it so that every line reads key=value.");
        }
        Environment env = new Environment(name, file, raw, variables);
        env.checkWellFormed();
        return env;
    }

    /** System properties, then the process environment, then {@code .env.<name>.local}. */
    public static Function<String, Optional<String>> defaultVariables(Path basedir, String name) {
        Dotenv dotenv;
        try {
            dotenv = Dotenv.configure()
                    .directory(basedir.toString())
                    .filename(".env." + name + ".local")
                    .ignoreIfMissing()
                    .ignoreIfMalformed()
                    .load();
        } catch (DotenvException e) {
            throw new ConfigurationException(".env." + name + ".local could not be read (" + e.getMessage()
                    + "); fix it so that every line reads NAME=value.");
        }
        return variable -> Optional.ofNullable(System.getProperty(variable))
                .or(() -> Secrets.get(variable))
                .or(() -> Optional.ofNullable(System.getenv(variable)))
                .or(() -> Optional.ofNullable(dotenv.get(variable, null)));
    }

    public String name() {
        return name;
    }

    public boolean isLocal() {
        return LOCAL.equals(name);
    }

    /** The file this environment came from, relative to the project, for messages. */
    public String source() {
        return "environments/" + file.getFileName();
    }

    /** The resolved value of {@code key}, or empty when the key is absent or blank. */
    public Optional<String> value(String key) {
        String value = raw.getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        String resolved = resolve(key, value).trim();
        return resolved.isEmpty() ? Optional.empty() : Optional.of(resolved);
    }

    /** The first key present, e.g. {@code first("mes.database", "database")} for a per-runbook override. */
    public Optional<String> first(String... keys) {
        return Stream.of(keys).map(this::value).flatMap(Optional::stream).findFirst();
    }

    public String require(String key, String purpose) {
        return value(key).orElseThrow(() -> new ConfigurationException(source() + " does not set '" + key
                + "' (" + purpose + "); add it to the file."));
    }

    public int integer(String key, int defaultValue) {
        Optional<String> value = value(key);
        try {
            return value.map(Integer::parseInt).orElse(defaultValue);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(source() + ": '" + key + "' must be a whole number, not '"
                    + value.get() + "'.");
        }
    }

    /** A duration written as PostgreSQL does ({@code 30s}, {@code 5min}, {@code 250ms}). */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|h)").matcher(value.get());
        if (!m.matches()) {
            throw new ConfigurationException(source() + ": '" + key + "' must be a duration such as 30s, 5min or 250ms, not '"
                    + value.get() + "'.");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Every key with its value as written (variables unresolved), for the report. */
    public Map<String, String> asWritten() {
        return raw.stringPropertyNames().stream()
                .collect(Collectors.toMap(k -> k, raw::getProperty, (a, b) -> a, TreeMap::new));
    }

    private String resolve(String key, String value) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        StringSubstitutor substitutor = new StringSubstitutor(variable -> {
            Optional<String> found = variables.apply(variable);
            if (found.isEmpty()) {
                missing.add(variable);
            }
            return found.orElse(null);
        });
        substitutor.setValueDelimiter(":-");
        substitutor.setEnableUndefinedVariableException(true);
        try {
            return substitutor.replace(value);
        } catch (IllegalArgumentException e) {
            String variable = missing.isEmpty() ? value : missing.get(missing.size() - 1);
            throw new ConfigurationException(source() + " needs the variable " + variable + " (for '" + key
                    + "'): export it, pass -D" + variable + "=..., or put it in .env." + name + ".local.");
        }
    }

    /** Fails fast on what the properties format accepts silently but we never mean. */
    private void checkWellFormed() {
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            if (!key.matches("[A-Za-z0-9_.-]+")) {
                throw new ConfigurationException(source() + " is malformed: '" + key
                        + "' is not a key; every line must read key=value.");
            }
            if (value.chars().filter(c -> c == '{').count() != value.chars().filter(c -> c == '}').count()) {
                throw new ConfigurationException(source() + " is malformed: the value of '" + key
                        + "' has an unclosed ${...}.");
            }
        }
    }

    private static String known(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".properties"))
                    .map(f -> f.substring(0, f.length() - ".properties".length()))
                    .sorted()
                    .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "the files in environments/ (none found)";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
