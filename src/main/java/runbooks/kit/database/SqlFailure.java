package runbooks.kit.database;

import java.sql.SQLException;

/** A SQL file PostgreSQL refused to run: a suite or infrastructure error, not a deployment finding. */
public final class SqlFailure extends RuntimeException {
    SqlFailure(String message, SQLException cause) {
        super(message, cause);
    }
}
