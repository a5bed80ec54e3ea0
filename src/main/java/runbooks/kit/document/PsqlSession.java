package runbooks.kit.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import runbooks.kit.database.ConnectionSpec;

/**
 * Runs one {@link DocumentSections.Unit} as psql runs it, in one psql process: {@code ON_ERROR_STOP} (on a write),
 * variables, session state carried across its statements, {@code CONCURRENTLY} outside a transaction, psql's own
 * meta-commands. Each statement group is followed by a marker ({@code \echo} and {@code \warn}), so its output and errors
 * are told apart; a group whose check is a command-tag transcript runs with {@code QUIET} off. A check run is read-only
 * ({@code default_transaction_read_only}), with the check timeout, and goes on past the writes the server refuses, so
 * the checks of a section that writes then checks run again on a verification run.
 */
public final class PsqlSession {

    /** How to reach the proved target: the psql binary, the connection (password in PGPASSWORD, never on the line). */
    public record Client(Path psql, ConnectionSpec spec) {}

    /**
     * What a unit did: each group's output, in order, as far as it ran; psql's exit code; the variables the session
     * ended with that the document set ({@code \\gset}, {@code \\set}; psql's own upper-case ones left out), which the
     * next session starts with, as if the DBA had kept one open.
     */
    public record Run(List<PsqlOutput> outputs, int exit, String stderr, Map<String, String> variables) {}

    private static final String MARK = "@@runbooks-group-";
    private static final String VARIABLES = "@@runbooks-variables@@";
    private static final Pattern VARIABLE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*) = '(.*)'$");

    private PsqlSession() {}

    public static Run run(
            Client client,
            DocumentSections.Unit unit,
            boolean readOnly,
            Map<String, String> variables,
            Map<String, String> settings,
            Duration timeout,
            Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path script = Files.createTempFile(workDir, "section", ".sql");
            Path out = Files.createTempFile(workDir, "section", ".out");
            Path err = Files.createTempFile(workDir, "section", ".err");
            Files.writeString(script, script(unit), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(
                    client.psql().toString(),
                    "-X",
                    "-q",
                    "-A",
                    "-F",
                    PsqlOutput.SEPARATOR,
                    "-P",
                    "footer=on",
                    "-v",
                    "ON_ERROR_STOP=" + (readOnly ? "0" : "1"),
                    "-v",
                    "VERBOSITY=verbose"));
            variables.forEach((k, v) -> command.addAll(List.of("-v", k + "=" + v)));
            command.addAll(unit.options());
            ConnectionSpec spec = client.spec();
            command.addAll(spec.clientArguments());
            command.addAll(List.of("-f", script.toString()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("PGPASSWORD", spec.password() == null ? "" : spec.password());
            pb.environment().put("PGAPPNAME", spec.application() == null ? "runbooks" : spec.application());
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            StringBuilder options = new StringBuilder(readOnly ? "-c default_transaction_read_only=on" : "");
            settings.forEach(
                    (k, v) -> options.append(" -c ").append(k).append('=').append(v));
            pb.environment().put("PGOPTIONS", options.toString().strip());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
                throw new IllegalStateException("psql did not finish " + unit.source() + " within " + timeout
                        + " (the server cancels a statement at its statement_timeout; this is the whole section's"
                        + " limit): stopped it.");
            }
            return split(
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    unit.chunks().size(),
                    p.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException("psql could not run " + unit.source() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while psql ran " + unit.source(), e);
        }
    }

    /** A psql variable referred to ({@code :name}, {@code :'name'}, {@code :"name"}), not a {@code ::cast}. */
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("(?<!:):(?!:)['\"]?[A-Za-z_]");

    /** Whether {@code sql} may refer to psql variables, which only psql replaces. */
    public static boolean refersToVariables(String sql) {
        return VARIABLE_REFERENCE.matcher(sql).find();
    }

    /**
     * The statements of {@code sql} as psql sends them, its variables ({@code -v}, {@code \\set}) replaced by psql
     * itself: psql runs the file on {@code scratch} (a throwaway database) in one transaction that a first failing
     * statement has already aborted, so nothing of it is applied, while its log ({@code -L}) keeps every query it sent.
     */
    public static String interpolated(
            Path psql,
            ConnectionSpec scratch,
            String sql,
            Map<String, String> variables,
            List<String> options,
            Path work) {
        try {
            Files.createDirectories(work);
            Path file = Files.createTempFile(work, "interpolate-", ".sql");
            Path log = Files.createTempFile(work, "interpolate-", ".log");
            Files.writeString(file, sql, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(
                    List.of(psql.toString(), "-X", "-q", "-1", "-L", log.toString(), "-o", "/dev/null"));
            variables.forEach((k, v) -> command.addAll(List.of("-v", k + "=" + v)));
            command.addAll(options);
            // Last, so that the document's own -v ON_ERROR_STOP=1 does not stop psql at the statement that aborts.
            command.addAll(List.of("-v", "ON_ERROR_STOP=0"));
            command.addAll(scratch.clientArguments());
            command.addAll(List.of("-c", "SELECT 1/0", "-f", file.toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("interpolate.out").toFile());
            pb.environment().put("PGPASSWORD", scratch.password() == null ? "" : scratch.password());
            pb.environment().put("PGOPTIONS", "-c default_transaction_read_only=on -c statement_timeout=5s");
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("psql did not read " + file + " within 2 minutes: stopped it.");
            }
            StringBuilder statements = new StringBuilder();
            boolean first = true;
            for (String query : Files.readString(log, StandardCharsets.UTF_8).split("\\*{9} QUERY \\*{10}\n")) {
                int end = query.lastIndexOf("\n**************************");
                if (end < 0) {
                    continue;
                }
                if (first) {
                    first = false; // the statement that aborted the transaction
                    continue;
                }
                String statement = query.substring(0, end).strip();
                statements.append(statement).append(statement.endsWith(";") ? "\n\n" : ";\n\n");
            }
            return statements.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("psql could not read the file for its variables: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while psql read a file for its variables", e);
        }
    }

    /** The unit as one psql script: each group, then its marker on both streams. */
    static String script(DocumentSections.Unit unit) {
        // Not quiet: the command tags (UPDATE 2849, CREATE INDEX) are the transcript a DBA reads, and what a document
        // showing them is checked against. psql -q keeps its start-up quiet; this turns the tags on for the script.
        StringBuilder b = new StringBuilder("\\set VERBOSITY verbose\n\\set QUIET off\n");
        List<DocumentSections.Chunk> chunks = unit.chunks();
        for (int i = 0; i < chunks.size(); i++) {
            DocumentSections.Chunk chunk = chunks.get(i);
            b.append(terminated(chunk.sql()));
            b.append("\\echo ")
                    .append(MARK)
                    .append(i)
                    .append("\n\\warn ")
                    .append(MARK)
                    .append(i)
                    .append('\n');
        }
        return b.append("\\echo ").append(VARIABLES).append("\n\\set\n").toString();
    }

    /** A group whose last statement has no terminator gets one, so psql runs it before the marker. */
    private static String terminated(String sql) {
        List<String> lines = sql.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("--"))
                .toList();
        String text = sql.endsWith("\n") ? sql : sql + "\n";
        if (lines.isEmpty()) {
            return text;
        }
        String last = lines.get(lines.size() - 1);
        return last.endsWith(";") || last.startsWith("\\") || last.matches(".*\\\\g\\w*(\\s.*)?$")
                ? text
                : text + ";\n";
    }

    private static Run split(String all, String stderr, int groups, int exit) {
        int at = all.indexOf(VARIABLES);
        String stdout = at < 0 ? all : all.substring(0, at);
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        if (at >= 0) {
            for (String line : all.substring(at + VARIABLES.length()).lines().toList()) {
                var m = VARIABLE.matcher(line);
                if (m.matches() && !m.group(1).equals(m.group(1).toUpperCase(java.util.Locale.ROOT))) {
                    variables.put(m.group(1), m.group(2).replace("\\'", "'"));
                }
            }
        }
        List<String> outs = parts(stdout, groups);
        List<String> errs = parts(stderr, groups);
        List<PsqlOutput> outputs = new ArrayList<>();
        for (int i = 0; i < Math.max(outs.size(), errs.size()) && i < groups; i++) {
            outputs.add(PsqlOutput.parse(i < outs.size() ? outs.get(i) : "", i < errs.size() ? errs.get(i) : ""));
        }
        return new Run(outputs, exit, stderr.replaceAll(MARK + "\\d+\\R?", "").strip(), Map.copyOf(variables));
    }

    /** The text before each marker, and what follows the last one (the group psql stopped in), if anything. */
    private static List<String> parts(String text, int groups) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.startsWith(MARK)) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank() && parts.size() < groups) {
            parts.add(current.toString());
        }
        return parts;
    }
}
