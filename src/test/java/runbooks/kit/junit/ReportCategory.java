package runbooks.kit.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The Allure category a failed step is filed under, decided as Allure 2 decides it: the first entry of {@code
 * allure/categories.json} whose statuses include the step's (an {@link AssertionError} is "failed", any other exception
 * "broken") and whose message and trace patterns match.
 */
final class ReportCategory {

    private ReportCategory() {}

    static String of(Throwable thrown) {
        String status = thrown instanceof AssertionError ? "failed" : "broken";
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        try (InputStream in = ReportCategory.class.getResourceAsStream("/allure/categories.json")) {
            for (JsonNode c : new ObjectMapper().readTree(in)) {
                boolean statusMatches = false;
                for (JsonNode s : c.path("matchedStatuses")) {
                    statusMatches |= s.asText().equals(status);
                }
                if (statusMatches
                        && (!c.has("messageRegex")
                                || String.valueOf(thrown.getMessage())
                                        .matches(c.get("messageRegex").asText()))
                        && (!c.has("traceRegex")
                                || trace.toString().matches(c.get("traceRegex").asText()))) {
                    return c.get("name").asText();
                }
            }
            return "(no category: " + status + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
