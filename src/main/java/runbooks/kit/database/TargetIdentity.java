package runbooks.kit.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a connection actually reached, as the server itself reports it (never the password).
 *
 * @param serverAddress {@code inet_server_addr()}, empty over a Unix socket
 */
public record TargetIdentity(
        String configuredHost,
        String serverAddress,
        int serverPort,
        String database,
        String serverVersion,
        String systemIdentifier) {

    /** One {@code name: value} line per part, for the evidence. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        asMap().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        return text.toString();
    }

    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("host (configured)", configuredHost);
        map.put("server address", serverAddress);
        map.put("server port", String.valueOf(serverPort));
        map.put("database", database);
        map.put("server version", serverVersion);
        map.put("system_identifier", systemIdentifier);
        return map;
    }

    /** {@code host:port/database}, for the report. */
    public String masked() {
        return configuredHost + ":" + serverPort + "/" + database;
    }
}
