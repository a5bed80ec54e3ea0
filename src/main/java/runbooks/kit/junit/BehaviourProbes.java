package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.postgresql.util.PSQLException;
import runbooks.kit.data.Rows;
import runbooks.kit.database.SqlFailure;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.SqlFile;

/**
 * A folder of behaviour probes under {@code sql/}: each file sets up a state the stand-in may never hold and asks the
 * deployed schema what it does there, in a transaction that is always rolled back. A file states what must happen
 * in one header line: {@code -- rejected by: <constraint>} (the statement fails on exactly that constraint, or
 * {@code not-null <table>.<column>}), {@code -- accepted} (it succeeds), or {@code -- expected: 0 rows} (its last
 * query lists what is wrong). A file without such a line is a before-and-after probe: its outcome before the deploy
 * is recorded and must come back after the rollback ({@link #outcomes}). Which objects a probe exercises it names
 * in {@code -- probes: <object>} lines, which {@code BehaviourProbeCoverageTest} reads.
 */
public final class BehaviourProbes {

    private static final String REJECTED = "-- rejected by: ";

    private BehaviourProbes() {}

    /** Runs every probe of {@code folder} and returns those whose outcome is not the one they state (empty: all as stated). */
    public static List<String> notAsStated(RunbookContext runbook, String folder) {
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (String name : files(runbook, folder)) {
            SqlFile probe = runbook.sql(folder + "/" + name);
            String expected = stated(probe)
                    .orElseThrow(() ->
                            new IllegalStateException("sql/" + probe.name() + " states no outcome: add '-- accepted', '"
                                    + REJECTED + "<constraint>' or '-- expected: 0 rows'."));
            String actual = outcome(runbook.target(), probe, expected.equals("accepted"));
            table.append(name)
                    .append(": expected ")
                    .append(expected)
                    .append(", got ")
                    .append(actual)
                    .append('\n');
            if (!actual.equals(expected)) {
                wrong.add(name + " expected " + expected + " but was " + actual);
            }
        }
        Evidence.text("behaviour probes (sql/" + folder + ")", table.toString());
        return wrong;
    }

    /**
     * Each probe of {@code folder} with what it did, in file order: {@code accepted}, {@code rejected by <constraint>}, an
     * error's SQLSTATE, or the rows its last query returned. Taken before a deploy and again after its rollback, equal
     * maps say the old behaviour came back.
     */
    public static Map<String, String> outcomes(RunbookContext runbook, String folder) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : files(runbook, folder)) {
            out.put(name, outcome(runbook.target(), runbook.sql(folder + "/" + name), false));
        }
        StringBuilder table = new StringBuilder();
        out.forEach((name, outcome) ->
                table.append(name).append(": ").append(outcome).append('\n'));
        Evidence.text("behaviour probes (sql/" + folder + ")", table.toString());
        return out;
    }

    private static Optional<String> stated(SqlFile probe) {
        return probe.text()
                .lines()
                .filter(l -> l.startsWith(REJECTED) || l.equals("-- accepted") || l.equals("-- expected: 0 rows"))
                .findFirst()
                .map(l -> l.startsWith(REJECTED)
                        ? "rejected by " + l.substring(REJECTED.length()).strip()
                        : l.substring(3));
    }

    /** What the probe did; with {@code whetherAccepted}, only whether it ran without an error. */
    private static String outcome(Target target, SqlFile probe, boolean whetherAccepted) {
        try {
            Rows rows = target.trial(probe);
            if (whetherAccepted) {
                return "accepted";
            }
            boolean counts = probe.text().lines().anyMatch(l -> l.equals("-- expected: 0 rows"));
            if (counts) {
                return rows.size() == 0 ? "expected: 0 rows" : rows.size() + " rows: " + rows.toText(5);
            }
            return rows.columns().isEmpty()
                    ? "accepted"
                    : "accepted, " + rows.toCsv().strip();
        } catch (SqlFailure e) {
            if (infrastructure(e)) {
                throw e; // a lock held, a timeout, the server gone: the target's sentence, not an outcome of the probe
            }
            return rejection(e);
        }
    }

    /** A lock not granted in time, a cancelled statement, a lost or terminated session: SQLSTATE 55P03, 57014, 57P0x, 08xxx. */
    private static boolean infrastructure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                return state.equals("55P03")
                        || state.equals("57014")
                        || state.startsWith("57P")
                        || state.startsWith("08");
            }
        }
        return false;
    }

    /** The constraint that refused a statement, as a probe names it; another error by its SQLSTATE and message. */
    public static String rejection(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                var m = p.getServerErrorMessage();
                if ("23502".equals(m.getSQLState())) {
                    return "rejected by not-null " + m.getTable() + "." + m.getColumn();
                }
                return m.getConstraint() != null
                        ? "rejected by " + m.getConstraint()
                        : "error " + m.getSQLState() + " " + m.getMessage();
            }
        }
        return "error " + e.getMessage();
    }

    private static List<String> files(RunbookContext runbook, String folder) {
        Path dir = runbook.sqlFiles().directory(folder, runbook.workDir().resolve("sql"));
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
