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
            throw new ConfigurationException("Unknown environment '" + name + "': there is no environments/" + name
                    + ".properties; use -Denv= with one of " + known(environmentsDir) + ".");
        }
        Properties raw = new Properties();
        try (Reader reader = new java.io.StringReader(
                EnvFile.utf8("environments/" + name + ".properties", Files.readAllBytes(file)))) {
            raw.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "environments/" + name + ".properties is malformed (" + e.getMessage() + ")" + badEscape(file)
                            + "; fix it so that every line reads key=value (a backslash starts an escape: write a Windows path with / or \\\\).");
        }
        Environment env = new Environment(name, file, raw, variables);
        env.checkKeysHaveNoSpace();
        env.checkWellFormed();
        return env;
    }

    /**
     * System properties, then the process environment, then {@code .env.<name>.local}, read as the MES document reads
     * it with {@code set -a && source} ({@link EnvFile}: bash sources it; quotes, comments, {@code export}, a BOM and
     * CRLF line ends as the shell and an editor mean them). Without bash, the file is read as dotenv does; either way a
     * line that is neither {@code NAME=value}, a comment nor blank is named, not silently dropped.
     */
    public static Function<String, Optional<String>> defaultVariables(Path basedir, String name) {
        Path file = basedir.resolve(".env." + name + ".local");
        if (Files.isRegularFile(file)) {
            Optional<Map<String, String>> sourced = EnvFile.read(file);
            if (sourced.isPresent()) {
                Map<String, String> set = sourced.get();
                return lookup(variable -> set.get(variable));
            }
        }
        Dotenv dotenv;
        try {
            Path dir = basedir;
            if (Files.isRegularFile(file)) {
                java.util.List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (!line.isEmpty()
                            && !line.startsWith("#")
                            && !line.matches("(export\\s+)?[A-Za-z_][A-Za-z0-9_.]*\\s*=.*")) {
                        throw new ConfigurationException(
                                file.getFileName() + " line " + (i + 1) + " is not NAME=value (nor export NAME=value,"
                                        + " a comment or blank); fix that line.");
                    }
                }
                if (lines.stream().anyMatch(l -> l.strip().startsWith("export "))) {
                    // dotenv-java reads NAME=value only: the same lines without the shell's export, in a private copy
                    // read once.
                    dir = Files.createTempDirectory("runbooks-env");
                    Path copy = dir.resolve(file.getFileName());
                    Files.write(
                            copy,
                            lines.stream()
                                    .map(l -> l.replaceFirst("^(\\s*)export\\s+", "$1"))
                                    .toList());
                    dotenv = Dotenv.configure()
                            .directory(dir.toString())
                            .filename(copy.getFileName().toString())
                            .ignoreIfMalformed()
                            .load();
                    Files.delete(copy);
                    Files.delete(dir);
                    Dotenv read = dotenv;
                    return lookup(variable -> read.get(variable, null));
                }
            }
            dotenv = Dotenv.configure()
                    .directory(dir.toString())
                    .filename(".env." + name + ".local")
                    .ignoreIfMissing()
                    .ignoreIfMalformed()
                    .load();
        } catch (DotenvException | IOException e) {
            throw new ConfigurationException(".env." + name + ".local could not be read (" + e.getMessage()
                    + "); fix it so that every line reads NAME=value.");
        }
        Dotenv read = dotenv;
        return lookup(variable -> read.get(variable, null));
    }

    private static Function<String, Optional<String>> lookup(java.util.function.UnaryOperator<String> envFile) {
        return variable -> Optional.ofNullable(System.getProperty(variable))
                .or(() -> Secrets.get(variable))
                .or(() -> Optional.ofNullable(System.getenv(variable)))
                .or(() -> Optional.ofNullable(envFile.apply(variable)));
    }

    public String name() {
        return name;
    }

    public boolean isLocal() {
        return LOCAL.equals(name);
    }

    /**
     * This environment with {@code defaults} for the keys its file does not set (a runbook folder's own: its database
     * variable, its expectations); the file wins, and values resolve their {@code ${VARIABLE}}s as the file's do.
     */
    public Environment withDefaults(Map<String, String> defaults) {
        if (defaults.isEmpty()) {
            return this;
        }
        Properties merged = new Properties();
        merged.putAll(defaults);
        merged.putAll(raw);
        return new Environment(name, file, merged, variables);
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
        if (Secrets.isSecret(key, resolved)) {
            // A password key's value, a connection string's password: masked in whatever the suite captures.
            Secrets.remember(resolved);
        }
        return resolved.isEmpty() ? Optional.empty() : Optional.of(resolved);
    }

    /** The first key present, e.g. {@code first("mes.database", "database")} for a per-runbook override. */
    public Optional<String> first(String... keys) {
        return Stream.of(keys).map(this::value).flatMap(Optional::stream).findFirst();
    }

    public String require(String key, String purpose) {
        return value(key).orElseThrow(() -> {
            String written = raw.getProperty(key);
            if (written == null) {
                return new ConfigurationException(
                        source() + " does not set '" + key + "' (" + purpose + "); add it to the file.");
            }
            java.util.List<String> variables = new java.util.ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9_.]+)").matcher(written);
            while (m.find()) {
                variables.add(m.group(1));
            }
            return new ConfigurationException("'" + key + "' in " + source() + " (" + purpose + ") is empty"
                    + (variables.isEmpty()
                            ? "; give it a value."
                            : ": " + String.join(", ", variables) + (variables.size() == 1 ? " is" : " are")
                                    + " set to an empty value; give " + (variables.size() == 1 ? "it" : "them")
                                    + " a value."));
        });
    }

    public int integer(String key, int defaultValue) {
        Optional<String> value = value(key);
        try {
            return value.map(Integer::parseInt).orElse(defaultValue);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    source() + ": '" + key + "' must be a whole number, not '" + value.get() + "'.");
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
            throw new ConfigurationException(source() + ": '" + key
                    + "' must be a duration such as 30s, 5min or 250ms, not '" + value.get() + "'.");
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

    /**
     * A space typed inside a key ({@code expect.mes .database=x}) makes Java read the key {@code expect.mes} with the
     * value {@code .database=x}: named by its line, before anything reads the wrong key.
     */
    private void checkKeysHaveNoSpace() {
        try {
            java.util.List<String> lines = Files.readAllLines(file);
            boolean continued = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                boolean comment = line.startsWith("#") || line.startsWith("!");
                if (!continued && !comment && line.contains("=")) {
                    String key = line.substring(0, line.indexOf('=')).strip();
                    if (!key.contains(":") && key.matches(".*\\s.*")) {
                        throw new ConfigurationException(source() + " line " + (i + 1) + ": the key '" + key
                                + "' has a space in it (Java reads the key '" + key.split("\\s")[0]
                                + "'); remove the space.");
                    }
                }
                continued = !comment && line.endsWith("\\") && !line.endsWith("\\\\");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fails fast on what the properties format accepts silently but we never mean. */
    private void checkWellFormed() {
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            if (!key.matches("[A-Za-z0-9_.-]+")) {
                throw new ConfigurationException(
                        source() + " is malformed: '" + key + "' is not a key; every line must read key=value.");
            }
            if (value.chars().filter(c -> c == '{').count()
                    != value.chars().filter(c -> c == '}').count()) {
                throw new ConfigurationException(
                        source() + " is malformed: the value of '" + key + "' has an unclosed ${...}.");
            }
        }
    }

    /** The line a bad {@code \\u} escape is on (a Windows path such as C:\\users), which Properties does not say. */
    private static String badEscape(Path file) {
        try {
            java.util.List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(".*(?<!\\\\)\\\\u(?![0-9a-fA-F]{4}).*")) {
                    return " at line " + (i + 1) + ": "
                            + lines.get(i).strip().replaceAll("(?i)(password\\s*=).*", "$1...");
                }
            }
        } catch (IOException e) {
            // the sentence without the line
        }
        return "";
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
