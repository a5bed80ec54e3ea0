package runbooks.kit.database;

import java.sql.Connection;
import java.sql.SQLException;

/** One unit of work on a connection of a {@link Target}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
