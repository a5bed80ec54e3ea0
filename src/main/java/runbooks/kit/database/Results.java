package runbooks.kit.database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import runbooks.kit.data.Rows;

/** The last result set a statement produced: what a file's query, or a prepared statement run many times, answers. */
public final class Results {

    private Results() {}

    /** Runs {@code sql} on {@code statement} and reads the last result set it produced (empty if none). */
    public static Rows last(String source, Statement statement, String sql) throws SQLException {
        return last(source, statement, statement.execute(sql));
    }

    /**
     * Runs one prepared statement and reads its last result set: for a statement run many times on one session (a
     * backfill's chunks), which the driver then keeps prepared, planned once.
     */
    public static Rows last(String source, PreparedStatement statement) throws SQLException {
        return last(source, statement, statement.execute());
    }

    private static Rows last(String source, Statement statement, boolean isResult) throws SQLException {
        Rows last = Rows.empty(source);
        while (true) {
            if (isResult) {
                try (ResultSet rs = statement.getResultSet()) {
                    last = Rows.read(source, rs);
                }
            } else if (statement.getUpdateCount() == -1) {
                return last;
            }
            isResult = statement.getMoreResults();
        }
    }
}
