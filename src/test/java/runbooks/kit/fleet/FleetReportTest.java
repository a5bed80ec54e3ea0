package runbooks.kit.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.fleet.TargetResult.Outcome;

@DisplayName("The fleet in the Allure report: a suite per target, one history per target, the summary first")
class FleetReportTest {

    private final AllureLifecycle before = Allure.getLifecycle();

    @AfterEach
    void restore() {
        Allure.setLifecycle(before);
    }

    @Test
    @DisplayName("the same step on two targets is two tests under their targets' suites; the summary is a result")
    void should_label_each_target_and_record_the_summary(@TempDir Path results) throws IOException {
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(results)));
        FleetTarget canary = new FleetTarget("tenant-01", 1, 0, null, null, "t01", null, null, "t01", null);
        FleetTarget other = new FleetTarget("tenant-02", 2, 1, null, null, "t02", null, null, "t02", null);
        for (FleetTarget target : List.of(canary, other)) {
            FleetReport.during("staging", "invoices", target, () -> record("02 Pre-checks"));
        }
        record("outside a fleet");
        FleetReport.summary(FleetSummary.of(
                "staging",
                "invoices",
                1,
                List.of(
                        new TargetResult("tenant-01", 1, 0, "deploy", Outcome.DEPLOYED, null, null, null, 1.0, 1.0),
                        new TargetResult(
                                "tenant-02", 2, 1, "deploy", Outcome.FAILED, "02 Pre-checks", "x", null, 1.0, 1.0))));

        List<JsonNode> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f :
                    files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                written.add(new ObjectMapper().readTree(f.toFile()));
            }
        }
        assertThat(written)
                .extracting(r -> parentSuite(r) + " | " + r.path("name").asText() + " | "
                        + r.path("status").asText())
                .containsExactlyInAnyOrder(
                        "Fleet staging/invoices · wave 1 · tenant-01 | 02 Pre-checks | passed",
                        "Fleet staging/invoices · wave 2 · tenant-02 | 02 Pre-checks | passed",
                        " | outside a fleet | passed",
                        "Fleet staging/invoices (summary) | 2 targets: 1 deployed, 0 verified, 1 failed, 0 not run"
                                + " | failed");
        assertThat(written.stream().map(r -> r.path("historyId").asText()).distinct())
                .as("one history per target")
                .hasSize(4);
        assertThat(written)
                .filteredOn(r -> parentSuite(r).endsWith("(summary)"))
                .singleElement()
                .satisfies(r -> assertThat(
                                r.path("attachments").get(0).path("name").asText())
                        .isEqualTo(FleetSummary.MARKDOWN));
    }

    private static Void record(String name) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        String uuid = UUID.randomUUID().toString();
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(name).setHistoryId("same-step"));
        lifecycle.startTestCase(uuid);
        lifecycle.updateTestCase(uuid, r -> r.setStatus(Status.PASSED));
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);
        return null;
    }

    private static String parentSuite(JsonNode result) {
        for (JsonNode label : result.path("labels")) {
            if (label.path("name").asText().equals("parentSuite")) {
                return label.path("value").asText();
            }
        }
        return "";
    }
}
