package runbooks.kit.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import runbooks.kit.data.Rows;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.Statements;

/**
 * A file run as {@code psql -v ON_ERROR_STOP=1 -f <file>} runs it: statement by statement on one session in autocommit,
 * so {@code CREATE INDEX CONCURRENTLY} runs outside any transaction and the file's own {@code BEGIN}/{@code COMMIT}
 * decide its transactions; the first error stops the file (an open transaction is rolled back with the session). The
 * statements are the ones psql itself reads in the file ({@link PsqlSplitter}, the splitter the safety gate judges
 * with). psql's backslash commands are refused with the line named: the file must be plain SQL.
 */
final class PsqlFile {

    /** What one statement did: its text, its result rows (empty for a command) or its update count, and the server's notices. */
    record Outcome(String statement, Rows rows, long updateCount, List<String> notices) {
        String toText() {
            List<String> code = statement
                    .strip()
                    .lines()
                    .filter(l -> !l.strip().startsWith("--") && !l.isBlank())
                    .toList();
            String head = code.isEmpty() ? statement.strip() : code.get(0) + (code.size() > 1 ? " ..." : "");
            boolean dml = head.matches("(?i)^\\s*(INSERT|UPDATE|DELETE|MERGE|COPY)\\b.*");
            String result = !rows.columns().isEmpty()
                    ? "\n" + rows.toText(50)
                    : dml && updateCount >= 0 ? " -- " + updateCount + " rows" : "";
            String said = notices.isEmpty() ? "" : "\n" + String.join("\n", notices);
            return head + result + said;
        }
    }

    private PsqlFile() {}

    static List<String> statements(SqlFile file, Statements.Splitter splitter) {
        String text = file.text();
        int line = 0;
        for (String l : text.lines().toList()) {
            line++;
            if (l.startsWith("\\")) {
                throw new ConfigurationException("sql/" + file.name() + " line " + line + " is a psql command ("
                        + l.strip() + "): the suite runs"
                        + " plain SQL files; write it as SQL or run the file with psql by hand.");
            }
        }
        return Statements.of(file.name(), text, splitter).stream()
                .map(Statements.Statement::sql)
                .filter(sql -> !sql.isBlank())
                .toList();
    }

    /** Runs every statement of {@code file} on {@code c} (autocommit), stopping at the first error; what each did, in order. */
    static List<Outcome> run(Connection c, SqlFile file, Statements.Splitter splitter, List<Outcome> done)
            throws SQLException {
        c.setAutoCommit(true);
        for (String sql : statements(file, splitter)) {
            try (Statement s = c.createStatement()) {
                boolean isResult;
                try {
                    isResult = s.execute(sql);
                } catch (SQLException e) {
                    done.add(new Outcome(sql, Rows.empty(file.name()), -1, List.of("ERROR:  " + e.getMessage())));
                    throw e;
                }
                Rows rows = isResult ? Rows.read(file.name(), s.getResultSet()) : Rows.empty(file.name());
                List<String> notices = new ArrayList<>();
                for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add("NOTICE:  " + w.getMessage());
                }
                done.add(new Outcome(sql, rows, isResult ? -1 : s.getUpdateCount(), notices));
            }
        }
        return done;
    }
}
