package runbooks.kit.database;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How to reach one PostgreSQL database. {@link #toString()} never shows the password.
 *
 * @param environment the environment's name, for messages ("staging")
 */
public record ConnectionSpec(String environment, String host, int port, String database, String user, String password, String application) {

    /** A connection named {@code runbooks/<environment>} in pg_stat_activity. */
    public ConnectionSpec(String environment, String host, int port, String database, String user, String password) {
        this(environment, host, port, database, user, password, "runbooks/" + environment);
    }

    /**
     * From a {@code postgres://user:password@host:port/database} URL (a team's DATABASE_URL); the password is
     * kept only in the spec, never in what {@link #masked()} shows. One sentence when the URL is not one.
     */
    public static ConnectionSpec fromUrl(String environment, String url, String application) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^postgres(?:ql)?://(?:([^:@/]+)(?::([^@/]*))?@)?([^:/?]+)(?::(\\d+))?/([^?]+)(?:\\?.*)?$").matcher(url.trim());
        if (!m.matches()) {
            throw new runbooks.kit.env.ConfigurationException("The database URL for " + environment
                    + " is not of the form postgres://user:password@host:port/database (it is not shown here: it may hold a password).");
        }
        java.util.function.UnaryOperator<String> decode = v -> v == null ? null : java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
        return new ConnectionSpec(environment, m.group(3), m.group(4) == null ? 5432 : Integer.parseInt(m.group(4)), decode.apply(m.group(5)),
                m.group(1) == null ? System.getProperty("user.name") : decode.apply(m.group(1)), m.group(2) == null ? "" : decode.apply(m.group(2)),
                application);
    }

    public ConnectionSpec withDatabase(String otherDatabase) {
        return new ConnectionSpec(environment, host, port, otherDatabase, user, password, application);
    }

    public ConnectionSpec withPassword(String otherPassword) {
        return new ConnectionSpec(environment, host, port, database, user, otherPassword, application);
    }

    /** The same connection, shown to a DBA as {@code application} ({@code application_name} in pg_stat_activity). */
    public ConnectionSpec withApplication(String otherApplication) {
        return new ConnectionSpec(environment, host, port, database, user, password, otherApplication);
    }

    /** {@code host:port/database as user}: what the report and messages show. */
    public String masked() {
        return host + ":" + port + "/" + database + " as " + user;
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setApplicationName(application);
        ds.setConnectTimeout(10);
        ds.setLoginTimeout(10);
        return ds;
    }

    @Override
    public String toString() {
        return masked();
    }
}
