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
 * connection URL with a password ({@code postgres://user:password@host/db}).
 */
public final class Secrets {

    private static final Map<String, String> TAKEN = new ConcurrentHashMap<>();
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret).*");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://[^/@]*:[^/]*@.*");

    private Secrets() {}

    /** Moves every secret system property out of {@link System#getProperties()}; returns their names (never their values). */
    public static synchronized java.util.List<String> takeFromSystemProperties() {
        java.util.List<String> moved = new java.util.ArrayList<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            String value = System.getProperty(name);
            if (value != null && isSecret(name, value)) {
                TAKEN.put(name, value);
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

    /** A secret that was a system property, by its name. */
    public static Optional<String> get(String name) {
        return Optional.ofNullable(TAKEN.get(name));
    }
}
