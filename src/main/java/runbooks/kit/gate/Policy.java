package runbooks.kit.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import runbooks.kit.env.ConfigurationException;

/**
 * Which severities stop a deploy. Set per environment and runbook with {@code gate.block} /
 * {@code <runbook>.gate.block} (default {@value #DEFAULT}); production is stricter than staging by
 * also blocking warnings (missing timeouts, unindexed foreign keys, long locks).
 */
public record Policy(Set<String> blocking) {

    public static final String DEFAULT = "error";

    public static Policy parse(String spec) {
        Set<String> severities = Arrays.stream(spec.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (severities.isEmpty() || !Set.of("error", "warning", "info").containsAll(severities)) {
            throw new ConfigurationException(
                    "gate.block must list severities among error, warning, info (comma-separated), not '" + spec
                            + "'.");
        }
        return new Policy(severities);
    }

    /** Findings that stop the deploy: a blocking severity and no allowance. */
    public List<Finding> blocking(List<Finding> findings) {
        return findings.stream()
                .filter(f -> !f.isAllowed() && blocking.contains(f.severity()))
                .toList();
    }

    @Override
    public String toString() {
        return "blocks " + blocking.stream().sorted().collect(Collectors.joining(", "));
    }
}
