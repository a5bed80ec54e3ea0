package runbooks.kit.database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbooks.kit.env.ConfigurationException;

/**
 * A team's connection string in the three forms the README promises, read as libpq and PgJDBC read them:
 *
 * <ul>
 *   <li>a libpq URL, {@code postgres[ql]://user:password@host:port/database?param=value} (user, password and parameters
 *       percent-decoded; the user info ends at the last {@code @}, as node's URL parser, which drizzle uses, reads it);
 *   <li>a JDBC URL, {@code jdbc:postgresql://host:port/database?user=...&password=...};
 *   <li>libpq's key=value form, {@code host=... port=... dbname=... user=... password='...'} (a value in single quotes
 *       may hold spaces; a backslash escapes the next character).
 * </ul>
 *
 * What cannot be read is one sentence saying what to change, never showing the string (it may hold a password).
 */
final class ConnectionString {

    private static final Pattern URL = Pattern.compile(
            "^(?:jdbc:postgresql|postgres(?:ql)?)://(?:([^?#]*)@)?(\\[[^]]+]|[^@:/?#]*)(?::(\\d*))?(?:/([^?#]*))?(?:\\?([^#]*))?(?:#.*)?$");
    private static final Pattern KEY_VALUE =
            Pattern.compile("\\s*([A-Za-z_]+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|(?:[^\\s'\\\\]|\\\\.)*)");

    private ConnectionString() {}

    /**
     * The connection's host, port, dbname, user and password as libpq reads {@code text}, with libpq's defaults
     * (localhost, 5432, the user's name): {@code ConnectionSpec.fromUrl} builds the spec from them.
     */
    static Map<String, String> parse(String environment, String text) {
        String s = text.trim();
        Map<String, String> parts = s.matches("(?i)^(jdbc:postgresql|postgres(ql)?)://.*")
                ? url(environment, s)
                : s.matches("^[A-Za-z_]+\\s*=.*") ? keyValues(environment, s) : refuse(environment, "");
        String user = Optional.ofNullable(parts.get("user"))
                .filter(u -> !u.isEmpty())
                .orElse(System.getProperty("user.name"));
        String port =
                Optional.ofNullable(parts.get("port")).filter(p -> !p.isEmpty()).orElse("5432");
        if (!port.matches("\\d{1,5}")) {
            refuse(environment, ": its port is not a number");
        }
        return Map.of(
                "host",
                Optional.ofNullable(parts.get("host"))
                        .filter(h -> !h.isEmpty())
                        .map(h -> h.replaceAll("^\\[(.*)]$", "$1"))
                        .orElse("localhost"),
                "port",
                port,
                "dbname",
                Optional.ofNullable(parts.get("dbname"))
                        .filter(d -> !d.isEmpty())
                        .orElse(user),
                "user",
                user,
                "password",
                Optional.ofNullable(parts.get("password")).orElse(""));
    }

    private static Map<String, String> url(String environment, String s) {
        String afterScheme = s.substring(s.indexOf("://") + 3);
        int at = afterScheme.replaceAll("[?#].*$", "").lastIndexOf('@');
        if (at > 0 && afterScheme.substring(0, at).contains("/")) {
            refuse(
                    environment,
                    ": its password (or user) holds a raw '/', which ends the host part of a URL;"
                            + " percent-encode it as %2F");
        }
        Matcher m = URL.matcher(s);
        if (!m.matches()) {
            refuse(environment, "");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        String userInfo = m.group(1);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            parts.put("user", decode(environment, colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                parts.put("password", decode(environment, userInfo.substring(colon + 1)));
            }
        }
        parts.put("host", decode(environment, m.group(2)));
        parts.put("port", m.group(3));
        parts.put("dbname", m.group(4) == null ? null : decode(environment, m.group(4)));
        if (m.group(5) != null) {
            for (String param : m.group(5).split("&")) {
                int eq = param.indexOf('=');
                if (eq > 0) {
                    String key = decode(environment, param.substring(0, eq));
                    String value = decode(environment, param.substring(eq + 1));
                    // The URL's own parts win over host/port/dbname given again as parameters only where they are
                    // empty.
                    if (!(key.equals("host") || key.equals("port") || key.equals("dbname"))
                            || parts.get(key) == null
                            || parts.get(key).isEmpty()) {
                        parts.put(key, value);
                    }
                }
            }
        }
        return parts;
    }

    private static Map<String, String> keyValues(String environment, String s) {
        Map<String, String> parts = new LinkedHashMap<>();
        Matcher m = KEY_VALUE.matcher(s);
        int end = 0;
        while (m.lookingAt()) {
            String value = m.group(2);
            if (value.startsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            parts.put(m.group(1), value.replaceAll("\\\\(.)", "$1"));
            end = m.end();
            m.region(end, s.length());
        }
        if (!s.substring(end).isBlank()) {
            refuse(
                    environment,
                    ": after the part it could read it has text that is not key=value (a value with spaces or quotes"
                            + " goes in single quotes, a quote inside as \\')");
        }
        return parts;
    }

    private static String decode(String environment, String v) {
        try {
            return v == null ? null : URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The database URL for " + environment
                    + " has a '%' that is not followed by two hex digits; percent-encode it as %25 (the URL is not shown"
                    + " here: it may hold a password).");
        }
    }

    private static Map<String, String> refuse(String environment, String why) {
        throw new ConfigurationException("The database URL for " + environment + " could not be read" + why
                + "; write it as postgres://user:password@host:port/database, jdbc:postgresql://host:port/database"
                + "?user=...&password=..., or host=... port=... dbname=... user=... password=... (it is not shown"
                + " here: it may hold a password).");
    }
}
