package runbooks.kit.database;

import java.sql.Connection;
import java.sql.SQLException;
import runbooks.kit.env.ConfigurationException;

/** Opens connections and turns the usual connection failures into one sentence each. */
public final class Connections {

    private Connections() {}

    public static Connection open(ConnectionSpec spec) {
        try {
            return spec.dataSource().getConnection();
        } catch (SQLException e) {
            throw explain(spec, e);
        }
    }

    static ConfigurationException explain(ConnectionSpec spec, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return new ConfigurationException("The host of the " + spec.environment() + " database, '" + spec.host()
                        + "', is not known (DNS);" + " check the host variable of environments/" + spec.environment()
                        + ".properties.");
            }
        }
        String where = "the " + spec.environment() + " database " + spec.masked();
        return new ConfigurationException(
                switch (state) {
                    case "28P01" ->
                        where + " rejected the password; check the password variable in environments/"
                                + spec.environment() + ".properties.";
                    case "28000" ->
                        where + " refused the login (" + firstLine(e)
                                + "); check the user and the server's pg_hba.conf.";
                    case "3D000" -> where + " does not exist; check the database name or create it.";
                    case "08001", "08004", "08006" ->
                        "Cannot reach " + where + " (" + firstLine(e)
                                + "); check the host and port, and that the server is running.";
                    default -> "Cannot connect to " + where + " (" + firstLine(e) + ").";
                });
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
