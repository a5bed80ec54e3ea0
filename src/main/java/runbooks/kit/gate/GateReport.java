package runbooks.kit.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a gate found in some files, judged by a policy; as text for people and JSON for tools.
 *
 * @param notes what the reader must know about how the files were judged (e.g. the rehearsal is older than the target
 *     because no binaries of the target's version could be had)
 */
public record GateReport(List<Path> files, List<Finding> findings, Policy policy, List<String> notes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public GateReport(List<Path> files, List<Finding> findings, Policy policy) {
        this(files, findings, policy, List.of());
    }

    /** The statements reported as not judged: each failed in the rehearsal only because an earlier one did not run. */
    public List<Finding> notJudged() {
        return findings.stream()
                .filter(f -> f.rule().equals(Rule.NOT_JUDGED.code()))
                .toList();
    }

    /** The PostgreSQL versions the findings were rehearsed on, e.g. {@code [17.5]}. */
    public List<String> rehearsedOn() {
        return findings.stream()
                .map(Finding::rehearsedOn)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
    }

    public List<Finding> blocking() {
        return policy.blocking(findings);
    }

    public boolean passes() {
        return blocking().isEmpty();
    }

    public String toText() {
        StringBuilder out = new StringBuilder();
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
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
        List<Finding> notJudged = notJudged();
        if (!notJudged.isEmpty()) {
            out.append("; not judged: ")
                    .append(notJudged.size())
                    .append(notJudged.size() == 1 ? " statement in " : " statements in ")
                    .append(notJudged.stream().map(Finding::file).distinct().count())
                    .append(" files (they failed only because an earlier statement did not run in the rehearsal)");
        }
        if (!rehearsedOn().isEmpty()) {
            out.append("; rehearsed on PostgreSQL ").append(String.join(", ", rehearsedOn()));
        }
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
        out.put("rehearsedOn", rehearsedOn());
        out.put("notes", notes);
        Map<String, Object> notJudged = new LinkedHashMap<>();
        notJudged.put("statements", notJudged().size());
        notJudged.put(
                "files", notJudged().stream().map(Finding::file).distinct().count());
        out.put("notJudged", notJudged);
        out.put("findings", findings);
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
