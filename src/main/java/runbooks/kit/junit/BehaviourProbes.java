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
 * query lists what is wrong); and, for the security surface, {@code -- refused by row-level security} (SQLSTATE 42501,
 * {@code new row violates row-level security policy}), {@code -- rejected with SQLSTATE <code>} and {@code -- sees <n>
 * rows} (its last query returns n rows); and for a guard that raises its own error, {@code -- fails saying: <text>} (an
 * error whose message holds the text). A probe runs {@code -- as role: <role>} ({@code SET LOCAL ROLE}) with
 * {@code -- with setting: <name> = <value>} lines ({@code set_config(name, value, true)}), on a session of its own
 * whose transaction is always rolled back and which is closed afterwards: no role or setting reaches the next probe or
 * check. A file without such a line is a before-and-after probe: its outcome before the deploy
 * is recorded and must come back after the rollback ({@link #outcomes}). Which objects a probe exercises it names
 * in {@code -- probes: <object>} lines, which {@code BehaviourProbeCoverageTest} reads.
 */
public final class BehaviourProbes {

    private static final String REJECTED = "-- rejected by: ";
    private static final String REFUSED_BY_RLS = "-- refused by row-level security";
    private static final String REJECTED_WITH = "-- rejected with SQLSTATE ";
    private static final java.util.regex.Pattern SEES = java.util.regex.Pattern.compile("-- sees (\\d+) rows?");
    private static final String AS_ROLE = "-- as role: ";
    private static final String WITH_SETTING = "-- with setting: ";
    private static final String FAILS_SAYING = "-- fails saying: ";

    private BehaviourProbes() {}

    /** Runs every probe of {@code folder} (or the one probe file it names) and returns those whose outcome is not the one they state (empty: all as stated). */
    public static List<String> notAsStated(RunbookContext runbook, String folder) {
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (String file : files(runbook, folder)) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            SqlFile probe = runbook.sql(file);
            String expected = stated(probe)
                    .orElseThrow(() ->
                            new IllegalStateException("sql/" + probe.name() + " states no outcome: add '-- accepted', '"
                                    + REJECTED + "<constraint>', '-- expected: 0 rows', '" + REFUSED_BY_RLS.substring(3)
                                    + "', '" + REJECTED_WITH.substring(3) + "<code>', '" + FAILS_SAYING.substring(3)
                                    + "<text>' or '-- sees <n> rows'."));
            String actual = outcome(runbook.target(), probe, expected);
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

    /** Fails naming every probe of {@code folder} whose outcome is not the one it states ({@link #notAsStated}). */
    public static void requireAsStated(RunbookContext runbook, String folder) {
        org.assertj.core.api.Assertions.assertThat(notAsStated(runbook, folder))
                .as("behaviour probes (sql/%s) with another outcome than the one they state", folder)
                .isEmpty();
    }

    /**
     * Each probe of {@code folder} with what it did, in file order: {@code accepted}, {@code rejected by <constraint>}, an
     * error's SQLSTATE, or the rows its last query returned. Taken before a deploy and again after its rollback, equal
     * maps say the old behaviour came back.
     */
    public static Map<String, String> outcomes(RunbookContext runbook, String folder) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String file : files(runbook, folder)) {
            out.put(file.substring(file.lastIndexOf('/') + 1), outcome(runbook.target(), runbook.sql(file), ""));
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
                .map(String::strip)
                .filter(l -> l.startsWith(REJECTED)
                        || l.equals("-- accepted")
                        || l.equals("-- expected: 0 rows")
                        || l.equals(REFUSED_BY_RLS)
                        || l.startsWith(REJECTED_WITH)
                        || l.startsWith(FAILS_SAYING)
                        || SEES.matcher(l).matches())
                .findFirst()
                .map(l -> l.startsWith(REJECTED)
                        ? "rejected by " + l.substring(REJECTED.length()).strip()
                        : l.substring(3));
    }

    /** The probe as it runs: {@code SET LOCAL ROLE} first where it says {@code -- as role:}. */
    private static SqlFile asRole(SqlFile probe) {
        return probe.text()
                .lines()
                .filter(l -> l.startsWith(AS_ROLE))
                .findFirst()
                .map(l -> l.substring(AS_ROLE.length()).strip())
                .map(role -> new SqlFile(
                        probe.name(), "SET LOCAL ROLE \"" + role.replace("\"", "\"\"") + "\";\n" + probe.text()))
                .orElse(probe);
    }

    /** The probe's {@code -- with setting: name = value} lines, in order. */
    private static Map<String, String> settings(SqlFile probe) {
        Map<String, String> out = new LinkedHashMap<>();
        probe.text().lines().filter(l -> l.startsWith(WITH_SETTING)).forEach(l -> {
            String[] kv = l.substring(WITH_SETTING.length()).split("=", 2);
            if (kv.length != 2) {
                throw new IllegalStateException("sql/" + probe.name() + ": '" + l + "' names no value; write '"
                        + WITH_SETTING + "<name> = <value>'.");
            }
            out.put(kv[0].strip(), kv[1].strip());
        });
        return out;
    }

    /**
     * What the probe did, said in the words of {@code expected} (empty: a before-and-after probe). The probe runs on a
     * session of its own ({@link Target#trial}: a new connection, its transaction rolled back, then closed).
     */
    private static String outcome(Target target, SqlFile probe, String expected) {
        try {
            Rows rows = target.verify().trial(asRole(probe), settings(probe));
            if (expected.equals("accepted")) {
                return "accepted";
            }
            if (SEES.matcher("-- " + expected).matches()) {
                return "sees " + rows.size() + (rows.size() == 1 ? " row" : " rows");
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
            if (expected.startsWith(FAILS_SAYING.substring(3))) {
                String text = expected.substring(FAILS_SAYING.length() - 3);
                return String.valueOf(e.getMessage()).contains(text) ? expected : rejection(e);
            }
            String state = sqlState(e);
            if ("42501".equals(state)
                    && String.valueOf(e.getMessage()).contains("row-level security")
                    && !expected.startsWith("rejected with SQLSTATE")) {
                return "refused by row-level security";
            }
            if (expected.startsWith("rejected with SQLSTATE") && state != null) {
                return "rejected with SQLSTATE " + state;
            }
            return rejection(e);
        }
    }

    private static String sqlState(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
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

    /** The probe files of {@code sql/<folder>} in name order, as paths under {@code sql/}; or the one file it names. */
    private static List<String> files(RunbookContext runbook, String folder) {
        if (folder.endsWith(".sql")) {
            return List.of(folder);
        }
        Path dir = runbook.config()
                .sqlFiles()
                .directory(folder, runbook.config().workDir().resolve("sql"));
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .map(f -> folder + "/" + f)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
