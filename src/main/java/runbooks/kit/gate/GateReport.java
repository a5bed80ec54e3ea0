package runbooks.kit.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a gate found in some files, judged by a policy; as text for people and JSON for tools. */
public record GateReport(List<Path> files, List<Finding> findings, Policy policy) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public List<Finding> blocking() {
        return policy.blocking(findings);
    }

    public boolean passes() {
        return blocking().isEmpty();
    }

    public String toText() {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(policy.blocking(List.of(f)).isEmpty() ? "  " : "✗ ")
                    .append(f)
                    .append('\n');
        }
        out.append(files.size())
                .append(files.size() == 1 ? " file, " : " files, ")
                .append(findings.size())
                .append(" findings, ")
                .append(blocking().size())
                .append(" blocking (policy ")
                .append(policy)
                .append(")");
        return out.toString();
    }

    /** The blocking findings, one line each, for an assertion message. */
    public String blockingSummary() {
        return blocking().stream()
                .map(f -> f.file() + ":" + f.line() + " " + f.rule() + " (" + f.severity() + "): " + f.detail())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files.stream().map(Path::toString).toList());
        out.put("policy", policy.blocking().stream().sorted().toList());
        out.put("blocking", blocking().size());
        out.put("findings", findings);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
