package runbooks.kit.database;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.Statements;

/**
 * SQL split into the statements psql sends, by psql itself: in single-step mode ({@code psql -s}) psql shows each
 * statement and asks before sending it, and every answer here is {@code x} (cancel), so nothing is sent. What it shows is
 * the statement as the server would get it: quotes, dollar quotes and comments as psql reads them, its variables
 * replaced, its meta-commands ({@code \set}, {@code \if}) done as psql does them.
 *
 * <p>psql insists on a connection: it gets {@code database} (any one will do), in a session that is read-only with a
 * one-millisecond statement timeout, should anything ever be sent. Its input never ends before psql does (an ended input
 * would read as "proceed"): it holds more answers than the text has statements and stays open until psql exits.
 */
public final class PsqlSplitter implements Statements.Splitter {

    private static final String ASKS = "***(Single step mode: verify command)";
    private static final String WAITS = "***(press return to proceed or enter x and return to cancel)";

    /**
     * Splits already made, by text: what psql reads in a text depends on the text alone (its variables are the ones it
     * sets itself), and the same migration is read for every target of a fleet and every run of a JVM. Bounded: cleared
     * when it holds {@value #KEPT} texts.
     */
    private static final Map<String, List<String>> SPLIT = new ConcurrentHashMap<>();

    private static final int KEPT = 2_000;

    private final Path psql;
    private final ConnectionSpec database;

    private PsqlSplitter(Path psql, ConnectionSpec database) {
        this.psql = psql;
        this.database = database;
    }

    /** A splitter whose psql connects to {@code database}; one sentence when no psql is installed. */
    public static PsqlSplitter on(ConnectionSpec database) {
        Path psql = ClientPrograms.psql()
                .orElseThrow(() -> new ConfigurationException("No psql was found on the PATH, in PG_BIN or under"
                        + " /usr/lib/postgresql: the suite reads SQL files as psql sends them; install the PostgreSQL"
                        + " client programs (Debian: postgresql-client) or point PG_BIN at their folder."));
        return new PsqlSplitter(psql, database);
    }

    @Override
    public List<String> split(String text) {
        List<String> known = SPLIT.get(text);
        if (known != null) {
            return known;
        }
        List<String> statements = List.copyOf(read(text));
        if (SPLIT.size() >= KEPT) {
            SPLIT.clear();
        }
        SPLIT.put(text, statements);
        return statements;
    }

    private List<String> read(String text) {
        Path script = null;
        Path shown = null;
        try {
            script = Files.createTempFile("runbooks-split-", ".sql");
            shown = Files.createTempFile("runbooks-split-", ".out");
            Files.writeString(script, text, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(psql.toString(), "-X", "-q", "-s"));
            command.addAll(database.clientArguments());
            command.addAll(List.of("-f", script.toString()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(shown.toFile());
            pb.environment().put("PGPASSWORD", database.password() == null ? "" : database.password());
            pb.environment().put("PGOPTIONS", "-c default_transaction_read_only=on -c statement_timeout=1");
            pb.environment().put("PGAPPNAME", "runbooks-split");
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            Process p = pb.start();
            long answers = text.chars().filter(ch -> ch == ';' || ch == '\n').count() + 8;
            try (OutputStream in = p.getOutputStream()) {
                in.write("x\n"
                        .repeat((int) Math.min(answers, Integer.MAX_VALUE / 2))
                        .getBytes(StandardCharsets.US_ASCII));
                in.flush();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(
                            "psql did not finish reading a script within 2 minutes; stopped it.");
                }
            }
            String out = Files.readString(shown, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("psql could not read the script (exit " + p.exitValue() + "): "
                        + out.strip().lines().reduce((a, b) -> b).orElse(""));
            }
            return statements(out);
        } catch (IOException e) {
            throw new UncheckedIOException("psql could not read a script: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while psql read a script", e);
        } finally {
            delete(script);
            delete(shown);
        }
    }

    /** The text between each question and its prompt, in order. */
    private static List<String> statements(String out) {
        List<String> statements = new ArrayList<>();
        List<String> current = null;
        for (String line : out.split("\n", -1)) {
            if (line.startsWith(ASKS)) {
                current = new ArrayList<>();
            } else if (line.startsWith(WAITS) && current != null) {
                statements.add(String.join("\n", current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return statements;
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary file left behind: the system's temporary folder is cleaned anyway
        }
    }
}
