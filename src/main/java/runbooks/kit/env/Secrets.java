package runbooks.kit.env;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Passwords given as {@code -DNAME=value} never stay system properties of the test JVM: Surefire and Failsafe write every
 * system property into {@code target/*-reports/TEST-*.xml} (for a failing run too), which a nightly uploads as an artifact.
 * {@link #takeFromSystemProperties()} moves them here before the tests start (a JUnit launcher session listener calls it,
 * and the runbook extension again); the environment reads them from here as if they were still properties.
 *
 * <p>A secret is a property whose name holds {@code PASSWORD} or {@code SECRET} (any case), or whose value is a
 * connection URL with a password ({@code postgres://user:password@host/db}, or a JDBC URL's {@code password=}
 * parameter).
 *
 * <p>Every secret the run was given (these, the environment's password and secret keys, every connection's password) is
 * {@link #remember remembered}, and {@link #mask} replaces it with {@value #MASK} in whatever the suite captures, as CI
 * systems mask theirs: command output, SQL errors and notices, attachments, evidence files, the console.
 */
public final class Secrets {

    private static final Map<String, String> TAKEN = new ConcurrentHashMap<>();
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret).*");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile(
            "(?i)^(jdbc:)?[a-z][a-z0-9+.-]*://([^/@]*:[^/]*@.*|[^?#]*[?&]password=.*)|.*\\bpassword\\s*=\\s*\\S.*");

    /** What a secret is replaced with in captured output. */
    public static final String MASK = "***";

    /** Shorter values are not masked: masking a two-letter password would garble every line it occurs in. */
    private static final int SHORTEST_MASKED = 3;

    private static final java.util.Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Secrets() {}

    /** Moves every secret system property out of {@link System#getProperties()}; returns their names (never their values). */
    public static synchronized java.util.List<String> takeFromSystemProperties() {
        java.util.List<String> moved = new java.util.ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            String value = System.getProperty(name);
            if (value != null && isSecret(name, value)) {
                TAKEN.put(name, value);
                remember(value);
                System.clearProperty(name);
                moved.add(name);
            }
        }
        return moved;
    }

    static boolean isSecret(String name, String value) {
        return !value.isEmpty()
                && (SECRET_NAME.matcher(name).matches()
                        || URL_WITH_PASSWORD.matcher(value.trim()).matches());
    }

    /**
     * Remembers {@code value} as a secret of this run: it, its percent-encoded form and, for a connection string, the
     * password in it are masked from now on.
     */
    public static void remember(String value) {
        if (value == null || value.strip().length() < SHORTEST_MASKED) {
            return;
        }
        String v = value.strip();
        KNOWN.add(v);
        KNOWN.add(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
        KNOWN.add(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
        var inUrl = Pattern.compile("://[^/@:]*:([^@]*)@[^@]*$|[?&]password=([^&#]*)|\\bpassword\\s*=\\s*'?([^'\\s]+)")
                .matcher(v);
        while (inUrl.find()) {
            for (int g = 1; g <= 3; g++) {
                if (inUrl.group(g) != null && inUrl.group(g).length() >= SHORTEST_MASKED) {
                    KNOWN.add(inUrl.group(g));
                    try {
                        KNOWN.add(java.net.URLDecoder.decode(
                                inUrl.group(g).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notEncoded) {
                        // kept as written
                    }
                }
            }
        }
    }

    /** {@code text} with every remembered secret replaced by {@value #MASK}, longest first. */
    public static String mask(String text) {
        if (text == null || KNOWN.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : KNOWN.stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList()) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    /** A secret that was a system property, by its name. */
    public static Optional<String> get(String name) {
        return Optional.ofNullable(TAKEN.get(name));
    }
}
