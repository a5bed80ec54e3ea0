package runbooks.kit.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbooks.kit.env.ConfigurationException;

/**
 * The targets of one runbook in one environment, and the order and stop rule of its rollout, read from {@code
 * environments/<env>.fleet.yaml} (or the file the environment key {@code <id>.fleet} names):
 *
 * <pre>{@code
 * waves: [1, 5, 25, rest]        # a canary, then growing batches; rest: every target left (default [rest])
 * max_failures: 2                # failed targets the rollout tolerates; one more stops it (default 0)
 * concurrency: 4                 # targets run at once on this machine (default 1)
 * defaults: { host: db1.internal, port: 5432, user: deploy, password_variable: FLEET_DB_PASSWORD }
 * targets:
 *   - { name: tenant-001, database: tenant_001, expect: { database: tenant_001, system_identifier: "7301..." } }
 * }</pre>
 *
 * <p>A target's {@code host}, {@code port}, {@code user} and {@code password_variable} default to {@code defaults}'
 * and then to the environment's; {@code expect.database} defaults to its {@code database}. A password is never written
 * in the file.
 *
 * <p>Instead of {@code targets:}, a fleet can be found by a read-only query on a catalog database, one row a target in
 * wave order, with the columns {@code name} and {@code database} and, where they differ per target, {@code host},
 * {@code port}, {@code user} and {@code system_identifier}:
 *
 * <pre>{@code
 * discover:
 *   database: tenants_catalog    # on defaults' host, port and user (else the environment's)
 *   query: SELECT slug AS name, db_name AS database FROM tenants WHERE active ORDER BY created_at
 * }</pre>
 */
public record Fleet(
        String source, List<FleetTarget> targets, List<Integer> waveSizes, int maxFailures, int concurrency) {

    /** The environment key (per runbook: {@code <id>.fleet}) naming the fleet file, relative to the environments folder. */
    public static final String FLEET_KEY = "fleet";
    /** The run key selecting targets by name, comma-separated; default every target. */
    public static final String TARGETS_PROPERTY = "fleet.targets";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addHandler(new DeserializationProblemHandler() {
                @Override
                public boolean handleUnknownProperty(
                        DeserializationContext context,
                        JsonParser parser,
                        JsonDeserializer<?> deserializer,
                        Object bean,
                        String field) {
                    // The field name's own line: the exception's location is past the value.
                    throw new UnknownField(field, parser.currentTokenLocation().getLineNr());
                }
            });

    /** An unknown field of the fleet file, and its line. */
    private static final class UnknownField extends RuntimeException {
        final String field;
        final int line;

        UnknownField(String field, int line) {
            super(field, null, false, false);
            this.field = field;
            this.line = line;
        }
    }

    /** The file as written. */
    record File(
            List<String> waves,
            @JsonProperty("max_failures") Integer maxFailures,
            Integer concurrency,
            Connection defaults,
            Discover discover,
            List<Entry> targets) {}

    record Discover(String database, String query) {}

    /**
     * A fleet file's {@code discover:}: the catalog database (reached as {@code defaults} say, else as the environment
     * does) and the query whose rows are the targets.
     */
    public record Discovery(
            String source,
            String database,
            String query,
            String host,
            Integer port,
            String user,
            String passwordVariable) {}

    /** Runs a discovery read-only and returns its rows, each column name to value ({@code null} for SQL NULL). */
    @FunctionalInterface
    public interface Discoverer {
        List<Map<String, String>> rows(Discovery discovery);
    }

    /** The columns a discovery query may return; name and database are required. */
    private static final List<String> DISCOVERED_COLUMNS =
            List.of("name", "database", "host", "port", "user", "system_identifier");

    record Connection(
            String host,
            Integer port,
            String user,
            String password,
            @JsonProperty("password_variable") String passwordVariable) {}

    record Entry(
            String name,
            String host,
            Integer port,
            String database,
            String user,
            String password,
            @JsonProperty("password_variable") String passwordVariable,
            Map<String, String> expect) {}

    /** The fleet file of runbook {@code id} on {@code env}: {@code named} (the {@code <id>.fleet} key) or the default. */
    public static Fleet locate(Path environments, String env, Optional<String> named) {
        return locate(environments, env, named, Fleet::noDiscoverer);
    }

    /** As {@link #locate(Path, String, Optional)}, running a {@code discover:} query with {@code discoverer}. */
    public static Fleet locate(Path environments, String env, Optional<String> named, Discoverer discoverer) {
        Path file = named.map(environments::resolve).orElse(environments.resolve(env + ".fleet.yaml"));
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("There is no fleet file " + file + ": write environments/" + env
                    + ".fleet.yaml (its targets and waves, see docs/fleet.md) or name one with <id>.fleet.");
        }
        return read(file, discoverer);
    }

    /** Reads and checks a fleet file; one sentence naming the line or the field when it is malformed. */
    public static Fleet read(Path path) {
        return read(path, Fleet::noDiscoverer);
    }

    private static List<Map<String, String>> noDiscoverer(Discovery discovery) {
        throw new ConfigurationException(discovery.source() + " finds its targets with discover:, which needs the"
                + " environment's connection: run it as FleetRun.configured does.");
    }

    /**
     * Reads and checks a fleet file, running its {@code discover:} query (if it has one) with {@code discoverer}; one
     * sentence naming the line, the field or the discovered row when something is wrong.
     */
    public static Fleet read(Path path, Discoverer discoverer) {
        String source = path.getFileName().toString();
        File file;
        String text = "";
        try {
            text = Files.readString(path);
            file = YAML.readValue(text, File.class);
        } catch (UnknownField e) {
            throw new ConfigurationException(
                    source + " line " + lineOf(text, e.field, e.line) + " has an unknown field '" + e.field
                            + "'; a fleet file has waves, max_failures, concurrency, defaults, discover (database, query) and"
                            + " targets (name, host, port, database, user, password_variable, expect): see docs/fleet.md.");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof UnknownField u) {
                throw new ConfigurationException(
                        source + " line " + lineOf(text, u.field, u.line) + " has an unknown field '" + u.field
                                + "'; a fleet file has waves, max_failures, concurrency, defaults, discover (database, query)"
                                + " and targets (name, host, port, database, user, password_variable, expect): see"
                                + " docs/fleet.md.");
            }
            if (notYaml(e)) {
                throw new ConfigurationException(source + " line " + line(e) + " is not YAML ("
                        + e.getOriginalMessage().lines().findFirst().orElse("") + "); fix that line.");
            }
            String field = e.getPath().isEmpty()
                    ? ""
                    : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new ConfigurationException(source + " line " + lineOf(text, field, line(e)) + " is malformed at '"
                    + field(e) + "' ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "); see docs/fleet.md for its fields.");
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(source + " line " + line(e) + " is not YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "); fix that line.");
        } catch (IOException e) {
            throw new ConfigurationException(source + " could not be read (" + e.getMessage() + ").");
        }
        boolean listed =
                file != null && file.targets() != null && !file.targets().isEmpty();
        if (file == null || (!listed && file.discover() == null)) {
            throw new ConfigurationException(
                    source + " lists no targets: add a targets: list, or a discover: query" + " (see docs/fleet.md).");
        }
        if (listed && file.discover() != null) {
            throw new ConfigurationException(source + " has both targets: and discover:; keep one of them (a fleet is"
                    + " either listed or found by its query).");
        }
        Connection defaults = Optional.ofNullable(file.defaults()).orElse(new Connection(null, null, null, null, null));
        if (defaults.password() != null) {
            throw new ConfigurationException(source + " holds a password in defaults: a password never goes in the"
                    + " fleet file; name the variable holding it with password_variable.");
        }
        List<Integer> sizes = waveSizes(source, file.waves());
        int maxFailures = Optional.ofNullable(file.maxFailures()).orElse(0);
        int concurrency = Optional.ofNullable(file.concurrency()).orElse(1);
        if (maxFailures < 0 || concurrency < 1) {
            throw new ConfigurationException(source + ": max_failures must be 0 or more and concurrency 1 or more (they"
                    + " are " + maxFailures + " and " + concurrency + ").");
        }
        List<Entry> entries = listed ? file.targets() : discovered(source, file.discover(), defaults, discoverer);
        String kind = listed ? " target " : " discovered row ";
        List<FleetTarget> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int p = 0; p < entries.size(); p++) {
            Entry e = entries.get(p);
            String where = source + kind + (p + 1);
            if (e.name() == null || !e.name().matches("[A-Za-z0-9_.-]+")) {
                throw new ConfigurationException(where + " has no name of letters, digits, '_', '.' or '-' (it is '"
                        + e.name() + "'); give it one: it names its evidence folder.");
            }
            if (!names.add(e.name())) {
                throw new ConfigurationException(
                        where + " repeats the name '" + e.name() + "': every target of a fleet needs its own name.");
            }
            if (e.password() != null) {
                throw new ConfigurationException(where + " ('" + e.name() + "') holds a password: a password never goes"
                        + " in the fleet file; name the variable holding it with password_variable.");
            }
            if (e.database() == null) {
                throw new ConfigurationException(where + " ('" + e.name() + "') names no database: add database:.");
            }
            Map<String, String> expect = Optional.ofNullable(e.expect()).orElse(Map.of());
            Set<String> unknown = new LinkedHashSet<>(expect.keySet());
            unknown.removeAll(Set.of("database", "system_identifier"));
            if (!unknown.isEmpty()) {
                throw new ConfigurationException(where + " ('" + e.name() + "') expects " + unknown
                        + ", which a fleet cannot check: expect: takes database and system_identifier.");
            }
            targets.add(new FleetTarget(
                    e.name(),
                    waveOf(p, sizes),
                    p,
                    Optional.ofNullable(e.host()).orElse(defaults.host()),
                    Optional.ofNullable(e.port()).orElse(defaults.port()),
                    e.database(),
                    Optional.ofNullable(e.user()).orElse(defaults.user()),
                    Optional.ofNullable(e.passwordVariable()).orElse(defaults.passwordVariable()),
                    expect.getOrDefault("database", e.database()),
                    expect.get("system_identifier")));
        }
        return new Fleet(source, List.copyOf(targets), sizes, maxFailures, concurrency);
    }

    /** The entries a {@code discover:} query finds, in its rows' order. */
    private static List<Entry> discovered(
            String source, Discover discover, Connection defaults, Discoverer discoverer) {
        if (discover.database() == null
                || discover.query() == null
                || discover.query().isBlank()) {
            throw new ConfigurationException(source + " discover: needs a database (the catalog it queries) and a query"
                    + " (returning the columns name and database): see docs/fleet.md.");
        }
        List<Map<String, String>> rows = discoverer.rows(new Discovery(
                source,
                discover.database(),
                discover.query(),
                defaults.host(),
                defaults.port(),
                defaults.user(),
                defaults.passwordVariable()));
        if (rows.isEmpty()) {
            throw new ConfigurationException("The discovery query of " + source + " returned no rows on "
                    + discover.database() + ": a fleet with no targets would do nothing; check its WHERE clause.");
        }
        Set<String> columns = new LinkedHashSet<>(rows.get(0).keySet());
        Set<String> unknown = new LinkedHashSet<>(columns);
        DISCOVERED_COLUMNS.forEach(unknown::remove);
        if (!columns.containsAll(List.of("name", "database")) || !unknown.isEmpty()) {
            throw new ConfigurationException("The discovery query of " + source + " returns the columns " + columns
                    + "; it must return name and database, and may return host, port, user and system_identifier"
                    + " (alias the columns: SELECT slug AS name, db_name AS database ...).");
        }
        List<Entry> entries = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Map<String, String> row = rows.get(r);
            Integer port = null;
            if (row.get("port") != null) {
                if (!row.get("port").matches("\\d{1,5}")) {
                    throw new ConfigurationException(source + " discovered row " + (r + 1) + " has the port '"
                            + row.get("port") + "', which is not a port number.");
                }
                port = Integer.parseInt(row.get("port"));
            }
            Map<String, String> expect = new HashMap<>();
            if (row.get("system_identifier") != null) {
                expect.put("system_identifier", row.get("system_identifier"));
            }
            entries.add(new Entry(
                    row.get("name"), row.get("host"), port, row.get("database"), row.get("user"), null, null, expect));
        }
        return entries;
    }

    /** The targets named, in wave order; one sentence naming an unknown name. */
    public Fleet only(List<String> names) {
        Set<String> known = targets.stream().map(FleetTarget::name).collect(Collectors.toSet());
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("-D" + TARGETS_PROPERTY + " names " + unknown + ", not a target of "
                    + source + ": use the names the file lists (e.g. "
                    + targets.get(0).name() + ").");
        }
        return new Fleet(
                source,
                targets.stream().filter(t -> names.contains(t.name())).toList(),
                waveSizes,
                maxFailures,
                concurrency);
    }

    /** The number of waves the targets fill. */
    public int waveCount() {
        return targets.stream().mapToInt(FleetTarget::wave).max().orElse(0);
    }

    /** {@code [1, 5, rest]}: sizes, the last of them {@link Integer#MAX_VALUE} for rest. */
    private static List<Integer> waveSizes(String source, List<String> waves) {
        if (waves == null || waves.isEmpty()) {
            return List.of(Integer.MAX_VALUE);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int w = 0; w < waves.size(); w++) {
            String wave = String.valueOf(waves.get(w)).trim();
            if (wave.equals("rest") && w == waves.size() - 1) {
                sizes.add(Integer.MAX_VALUE);
            } else if (wave.matches("[1-9]\\d{0,5}")) {
                sizes.add(Integer.parseInt(wave));
            } else {
                throw new ConfigurationException(source + " waves: '" + wave + "' (wave " + (w + 1)
                        + ") is not a number of targets; write e.g. waves: [1, 5, 25, rest] (rest only last).");
            }
        }
        return List.copyOf(sizes);
    }

    /** The 1-based wave of the target at {@code position}; targets past the last wave size fill waves of that size. */
    private static int waveOf(int position, List<Integer> sizes) {
        long start = 0;
        for (int w = 0; ; w++) {
            long size = sizes.get(Math.min(w, sizes.size() - 1));
            if (position < start + size) {
                return w + 1;
            }
            start += size;
        }
    }

    /**
     * The line of {@code field}: the last one writing it at or before the parser's line (a record's fields are read
     * from a buffer that has no lines: then the first one writing it).
     */
    private static int lineOf(String text, String field, int parserLine) {
        if (field == null) {
            return parserLine;
        }
        Pattern written = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(field) + "\\s*:");
        List<String> lines = text.lines().toList();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (written.matcher(lines.get(i)).find() && (found < 0 || parserLine < 1 || i + 1 <= parserLine)) {
                found = i + 1;
                if (parserLine < 1) {
                    break;
                }
            }
        }
        return found > 0 ? found : parserLine;
    }

    /** A syntax error of the YAML itself, which the mapper reports wrapped. */
    private static boolean notYaml(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.yaml.snakeyaml") || t instanceof StreamReadException) {
                return true;
            }
        }
        return false;
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + (r.getIndex() + 1) + "]")
                .collect(Collectors.joining("."));
    }
}
