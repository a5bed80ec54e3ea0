package runbooks.kit.database;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How to reach one PostgreSQL database. {@link #toString()} never shows the password.
 *
 * @param environment the environment's name, for messages ("staging")
 */
public record ConnectionSpec(
        String environment, String host, int port, String database, String user, String password, String application) {

    /** Its password is a secret of the run: masked in whatever the suite captures from now on. */
    public ConnectionSpec {
        runbooks.kit.env.Secrets.remember(password);
    }

    /** A connection named {@code runbooks/<environment>} in pg_stat_activity. */
    public ConnectionSpec(String environment, String host, int port, String database, String user, String password) {
        this(environment, host, port, database, user, password, "runbooks/" + environment);
    }

    /**
     * From a {@code postgres://user:password@host:port/database} URL (a team's DATABASE_URL); the password is
     * kept only in the spec, never in what {@link #masked()} shows. One sentence when the URL is not one.
     */
    public static ConnectionSpec fromUrl(String environment, String url, String application) {
        // As libpq and node's URL parser (which drizzle uses) read it: the user info ends at the LAST '@' before the
        // host
        // (a password may hold an unencoded '@'), the user ends at the first ':', both percent-decoded ('+' stays '+').
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^postgres(?:ql)?://(?:([^/?#]*)@)?([^@:/?#]+)(?::(\\d+))?/([^?#]+)(?:[?#].*)?$")
                .matcher(url.trim());
        if (!m.matches()) {
            throw new runbooks.kit.env.ConfigurationException(
                    "The database URL for " + environment
                            + " is not of the form postgres://user:password@host:port/database (it is not shown here: it may hold a password).");
        }
        java.util.function.UnaryOperator<String> decode = v -> {
            try {
                return v == null
                        ? null
                        : java.net.URLDecoder.decode(v.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new runbooks.kit.env.ConfigurationException(
                        "The database URL for " + environment + " has a '%' that is not followed by two"
                                + " hex digits; percent-encode it as %25 (the URL is not shown here: it may hold a password).");
            }
        };
        String userInfo = m.group(1);
        String user = userInfo == null
                ? null
                : userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
        String password =
                userInfo == null || !userInfo.contains(":") ? "" : userInfo.substring(userInfo.indexOf(':') + 1);
        return new ConnectionSpec(
                environment,
                m.group(2),
                m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)),
                decode.apply(m.group(4)),
                user == null || user.isEmpty() ? System.getProperty("user.name") : decode.apply(user),
                decode.apply(password),
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

    /**
     * The connection as a {@code postgresql://} URL, password included (percent-encoded), for a team tool's
     * {@code DATABASE_URL}: pass it in a process's environment only, never on a command line or into the report.
     */
    public String urlWithPassword() {
        java.util.function.UnaryOperator<String> enc =
                v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
        return "postgresql://" + enc.apply(user)
                + (password == null || password.isEmpty() ? "" : ":" + enc.apply(password)) + "@" + host + ":" + port
                + "/" + enc.apply(database) + "?application_name=" + enc.apply(application);
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
