package runbooks.kit.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an environment says its database is. Empty parts are not compared, except {@code database},
 * which every environment must state.
 */
public record Expectation(
        Optional<String> host,
        Optional<Integer> port,
        Optional<String> database,
        Optional<String> systemIdentifier,
        String source) {

    /** Only the database's name is compared (a database the suite created for itself, a copy). */
    public static Expectation database(String name, String source) {
        return new Expectation(Optional.empty(), Optional.empty(), Optional.of(name), Optional.empty(), source);
    }

    /** Differences between this expectation and what was reached, one line each; empty when it matches. */
    public List<String> mismatches(TargetIdentity actual) {
        List<String> out = new ArrayList<>();
        if (database.isEmpty()) {
            out.add("the expected database is not stated in " + source);
        }
        database.filter(d -> !d.equals(actual.database()))
                .ifPresent(d -> out.add("database: expected " + d + ", connected to " + actual.database()));
        host.filter(h -> !h.equalsIgnoreCase(actual.configuredHost()) && !h.equals(actual.serverAddress()))
                .ifPresent(h -> out.add("host: expected " + h + ", connected to " + actual.configuredHost()
                        + " (server address " + actual.serverAddress() + ")"));
        port.filter(p -> actual.serverAddress() != null
                        && !actual.serverAddress().isEmpty()
                        && p != actual.serverPort())
                .ifPresent(p -> out.add("port: expected " + p + ", connected to " + actual.serverPort()));
        systemIdentifier
                .filter(s -> !s.equals(actual.systemIdentifier()))
                .ifPresent(s ->
                        out.add("system_identifier: expected " + s + ", connected to " + actual.systemIdentifier()));
        return out;
    }
}
