package runbooks.kit.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ClientPrograms;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.env.ConfigurationException;

/**
 * The PostgreSQL client programs a runbook runs for backups and restores: {@code pg_dump} and the
 * {@code psql} beside it, found explicitly so the report can say which binary ran.
 *
 * <p>pg_dump refuses to dump a server of a newer major version than its own, so only a pg_dump of the
 * server's major or newer fits; of those the closest major is taken (its output is the one the server's
 * own release would write). Looked for, in order: the folder {@code pg.bin} names (setting, or
 * {@code PG_BIN}), every folder on the PATH, then {@code /usr/lib/postgresql/<major>/bin} (Debian and
 * Ubuntu install one per major there) and {@code /usr/pgsql-<major>/bin} (the PGDG RPMs).
 */
public record PgClient(Path pgDump, Path psql, int major, String version) {

    private static final Logger LOG = LoggerFactory.getLogger(PgClient.class);
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");
    /** {@code --version} answers by program file ({@link #versionOf}). */
    private static final Map<String, Optional<String>> VERSIONS = new ConcurrentHashMap<>();
    /** The choices already logged: said once per JVM, not at every step. */
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    /** What ran, for the report: path and version. */
    public String describe() {
        return pgDump + " (" + version + "), restores with " + psql;
    }

    /**
     * The pg_dump for a server of {@code serverMajor}, or one sentence saying none fits, which were
     * found, and how to point the suite at one.
     */
    public static PgClient find(Optional<String> configured, int serverMajor) {
        List<String> seen = new ArrayList<>();
        List<PgClient> fitting = new ArrayList<>();
        for (Path dir : ClientPrograms.folders(configured)) {
            Path dump = dir.resolve("pg_dump");
            if (!Files.isExecutable(dump)) {
                continue;
            }
            Optional<String> version = versionOf(dump);
            if (version.isEmpty()) {
                seen.add(dump + " (no version)");
                continue;
            }
            Matcher m = VERSION.matcher(version.get());
            if (!m.find()) {
                seen.add(dump + " (" + version.get() + ")");
                continue;
            }
            int major = Integer.parseInt(m.group(1));
            seen.add(dump + " " + m.group(1) + (m.group(2) == null ? "" : m.group(2)));
            Path psql = dir.resolve("psql");
            if (major >= serverMajor && Files.isExecutable(psql)) {
                fitting.add(new PgClient(dump, psql, major, version.get()));
            }
        }
        Optional<Path> chosenDir =
                configured.filter(c -> !c.isBlank()).map(Path::of).map(p -> Files.isDirectory(p) ? p : p.getParent());
        Comparator<PgClient> preference = Comparator.comparing((PgClient c) ->
                        chosenDir.map(d -> !c.pgDump().getParent().equals(d)).orElse(false))
                .thenComparingInt(PgClient::major);
        return fitting.stream()
                .min(preference)
                .map(c -> {
                    if (TOLD.add(serverMajor + " " + c.describe())) {
                        LOG.info("[backup] pg_dump for a PostgreSQL {} server: {}", serverMajor, c.describe());
                    }
                    return c;
                })
                .orElseThrow(() -> new ConfigurationException(
                        "No pg_dump of PostgreSQL " + serverMajor + " or newer with psql beside it was found"
                                + (seen.isEmpty()
                                        ? " (none on the PATH, in pg.bin or under /usr/lib/postgresql)"
                                        : " (found: " + String.join(", ", seen) + ")")
                                + ": install the PostgreSQL " + serverMajor
                                + " client programs, or point PG_BIN (setting pg.bin) at a folder holding"
                                + " pg_dump and psql of that major or newer."));
    }

    /**
     * What {@code binary --version} prints, asked once per program file (path and modification time) in a JVM: a run
     * looks for psql and pg_dump at every step that needs them, and the answer only changes when the file does.
     */
    private static Optional<String> versionOf(Path binary) {
        String key;
        try {
            key = binary.toRealPath() + "@" + Files.getLastModifiedTime(binary).toMillis();
        } catch (IOException e) {
            return askVersion(binary);
        }
        return VERSIONS.computeIfAbsent(key, k -> askVersion(binary));
    }

    private static Optional<String> askVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code pg_dump <options> -f file} of {@code database}; the command line (password never on it) is returned for the report. */
    public String dump(ConnectionSpec database, Path file, List<String> options, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(pgDump.toString()));
        command.addAll(database.clientArguments());
        command.addAll(List.of("-f", file.toString()));
        command.addAll(options);
        run(command, database, timeout, "pg_dump of " + database.masked());
        return String.join(" ", command);
    }

    /**
     * Runs a plain-format dump into {@code database} with psql, stopping at the first error
     * ({@code ON_ERROR_STOP}: a restore that fails halfway must say so, not go on). Returns the command line.
     */
    public String restore(ConnectionSpec database, Path file, Duration timeout) {
        return psql(database, file, timeout);
    }

    /** Runs a SQL file with psql as a DBA would ({@code psql -X -v ON_ERROR_STOP=1 -f file}): each statement in autocommit. */
    public String psql(ConnectionSpec database, Path file, Duration timeout) {
        return psql(database, List.of(file), false, timeout);
    }

    /**
     * Runs SQL files with psql, stopping at the first error; with {@code singleTransaction} ({@code psql -1}) all of
     * them in one transaction, so a failure anywhere leaves the database as it was. Returns the command line.
     */
    public String psql(ConnectionSpec database, List<Path> files, boolean singleTransaction, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        if (singleTransaction) {
            command.add("--single-transaction");
        }
        command.addAll(database.clientArguments());
        files.forEach(f -> command.addAll(List.of("-f", f.toString())));
        run(
                command,
                database,
                timeout,
                "psql "
                        + files.stream()
                                .map(f -> "-f " + f.getFileName())
                                .collect(java.util.stream.Collectors.joining(" "))
                        + " on " + database.masked());
        return String.join(" ", command);
    }

    /** What {@code psql -X -c <command>} prints on {@code database} (a DBA's {@code \\d+ table}, say). */
    public String command(ConnectionSpec database, String command, Duration timeout) {
        List<String> line = new ArrayList<>(List.of(psql.toString(), "-X"));
        line.addAll(database.clientArguments());
        line.addAll(List.of("-c", command));
        return run(line, database, timeout, "psql -c '" + command + "' on " + database.masked());
    }

    private static String run(List<String> command, ConnectionSpec database, Duration timeout, String what) {
        try {
            Path log = Files.createTempFile("pg-client", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("PGPASSWORD", database.password() == null ? "" : database.password());
            pb.environment().put("PGAPPNAME", database.application() == null ? "runbooks" : database.application());
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log).strip();
            Files.deleteIfExists(log);
            if (!done) {
                throw new IllegalStateException(what + " did not finish within " + timeout + "; stopped it.");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + lastLines(output));
            }
            LOG.info("[backup] {} in {} ms", what, (System.nanoTime() - t0) / 1_000_000);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(what + " could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
