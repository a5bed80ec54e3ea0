package runbooks.kit.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The gate's row-level security rule, for the statements of one {@link GateRun}: a statement after which a table that
 * existed before the file is under row-level security with a role that reads it (SELECT granted; under FORCE its owner
 * too) but has no policy letting it read ({@code row_security.sql}). From that statement on the role sees no rows: the
 * application, if it is that role, and the deployer's own checks under FORCE. A table the file creates is its own
 * business, as everywhere in the gate.
 */
final class RowSecurityRules {

    private static final String QUERY = load();

    private final CatalogSnapshot pre;
    private Map<Long, Set<String>> before;

    RowSecurityRules(Connection c, CatalogSnapshot pre) throws SQLException {
        this.pre = pre;
        this.before = readersWithoutPolicy(c);
    }

    /**
     * After a statement: readers of an existing table that lost their reads in it, one finding's text each ({@code name}
     * names a table by its oid).
     */
    List<String> afterStatement(Connection c, java.util.function.LongFunction<String> name) throws SQLException {
        Map<Long, Set<String>> after = readersWithoutPolicy(c);
        List<String> findings = new java.util.ArrayList<>();
        after.forEach((oid, readers) -> {
            if (!pre.relations().containsKey(oid)) {
                return;
            }
            Set<String> lost = new TreeSet<>(readers);
            lost.removeAll(before.getOrDefault(oid, Set.of()));
            if (!lost.isEmpty()) {
                findings.add(name.apply(oid) + " is under row-level security, and " + String.join(", ", lost)
                        + (lost.size() == 1 ? " reads" : " read")
                        + " it (SELECT granted) with no policy that lets "
                        + (lost.size() == 1 ? "it" : "them") + " read: from this statement on "
                        + (lost.size() == 1 ? "it sees" : "they see") + " none of its rows");
            }
        });
        before = after;
        return findings;
    }

    private static Map<Long, Set<String>> readersWithoutPolicy(Connection c) throws SQLException {
        Map<Long, Set<String>> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                String readers = rs.getString("readers_without_policy");
                out.put(
                        rs.getLong("oid"),
                        readers.isEmpty()
                                ? Set.of()
                                : Arrays.stream(readers.split(", ")).collect(Collectors.toSet()));
            }
        }
        return out;
    }

    private static String load() {
        try (InputStream in = RowSecurityRules.class.getResourceAsStream("row_security.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
