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

    /**
     * Its password is a secret of the run: masked in whatever the suite captures from now on. Not on env=local: the
     * throwaway cluster's password (Testcontainers' {@code test}) is no secret, and masking a common word would garble
     * every message that holds it.
     */
    public ConnectionSpec {
        if (!"local".equals(environment)) {
            runbooks.kit.env.Secrets.remember(password);
        }
    }

    /** A connection named {@code runbooks/<environment>} in pg_stat_activity. */
    public ConnectionSpec(String environment, String host, int port, String database, String user, String password) {
        this(environment, host, port, database, user, password, "runbooks/" + environment);
    }

    /**
     * From a team's connection string: a libpq URL ({@code postgres://user:password@host:port/database}), a JDBC URL
     * ({@code jdbc:postgresql://host:port/database?user=...&password=...}) or libpq's key=value form ({@code host=...
     * dbname=... user=...}), read as libpq and PgJDBC read them ({@link ConnectionString}); the password is kept only in
     * the spec, never in what {@link #masked()} shows. One sentence, without the string, when it is none of them.
     */
    public static ConnectionSpec fromUrl(String environment, String url, String application) {
        java.util.Map<String, String> parts = ConnectionString.parse(environment, url);
        return new ConnectionSpec(
                environment,
                parts.get("host"),
                Integer.parseInt(parts.get("port")),
                parts.get("dbname"),
                parts.get("user"),
                parts.get("password"),
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

    /** Where a client program ({@code psql}, {@code pg_dump}) connects; never the password (give it as PGPASSWORD). */
    public java.util.List<String> clientArguments() {
        return java.util.List.of("-h", host, "-p", String.valueOf(port), "-U", user, "-d", database);
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
