package runbooks.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.junit.Settings;

/** The nightly workflow cannot run here: it is parsed, and the keys GitHub requires are checked. */
class NightlyWorkflowTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));

    @Test
    @DisplayName(
            "nightly.yml parses, runs on a schedule and by hand, and each job runs .ci/nightly with the report kept")
    void should_be_a_valid_scheduled_workflow() throws Exception {
        JsonNode workflow = new ObjectMapper(new YAMLFactory())
                .readTree(BASEDIR.resolve(".github/workflows/nightly.yml").toFile());

        assertThat(workflow.path("name").asText()).isNotBlank();
        JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.path("true");
        assertThat(on.path("schedule").isArray()).as("on.schedule").isTrue();
        assertThat(on.path("schedule").get(0).path("cron").asText())
                .as("on.schedule[0].cron")
                .matches("(\\S+\\s+){4}\\S+");
        assertThat(on.has("workflow_dispatch")).as("on.workflow_dispatch").isTrue();

        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.size()).as("jobs").isPositive();
        List<String> runs = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        for (JsonNode job : jobs) {
            assertThat(job.path("runs-on").asText()).as("runs-on").isNotBlank();
            assertThat(job.path("steps").isArray() && job.path("steps").size() > 0)
                    .as("steps")
                    .isTrue();
            for (JsonNode step : job.path("steps")) {
                assertThat(step.has("uses") ^ step.has("run"))
                        .as("a step has exactly one of uses and run: %s", step)
                        .isTrue();
                if (step.has("run")) {
                    runs.add(step.get("run").asText());
                } else {
                    assertThat(step.get("uses").asText())
                            .as("an action is pinned to a version")
                            .matches("[\\w.-]+/[\\w./-]+@\\S+");
                    uses.add(step.get("uses").asText());
                }
            }
        }
        assertThat(runs).contains("bash .ci/nightly");
        assertThat(uses)
                .anyMatch(u -> u.startsWith("actions/upload-artifact@"))
                .anyMatch(u -> u.startsWith("actions/cache/restore@"));
        assertThat(Files.isExecutable(BASEDIR.resolve(".ci/nightly")))
                .as(".ci/nightly is executable")
                .isTrue();
    }

    @Test
    @DisplayName("the nightly step maps every variable environments/staging.properties needs (those without a default)")
    void should_map_every_required_staging_variable() throws Exception {
        JsonNode workflow = new ObjectMapper(new YAMLFactory())
                .readTree(BASEDIR.resolve(".github/workflows/nightly.yml").toFile());
        java.util.Set<String> mapped = new java.util.TreeSet<>();
        workflow.path("jobs")
                .forEach(job -> job.path("steps")
                        .forEach(step -> step.path("env").fieldNames().forEachRemaining(mapped::add)));
        java.util.Set<String> required = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Z0-9_]+)}")
                .matcher(Files.readString(BASEDIR.resolve("environments/staging.properties")));
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(required)
                .as("variables of staging.properties without a default")
                .contains("STAGING_BACKTEST_DATABASE");
        assertThat(mapped).as("env of the nightly workflow's steps").containsAll(required);
        // A document runbook's STAGING_<ID>_DATABASE (its declaration's default) comes from every secret, as JSON, in
        // a step of its own before the regression: written to $GITHUB_ENV, the JSON in no other step's environment.
        List<String> steps = new ArrayList<>();
        workflow.at("/jobs/regression/steps")
                .forEach(step -> steps.add(step.path("name").asText()));
        int derived = steps.indexOf("Document runbooks' staging databases");
        assertThat(derived).isNotNegative().isLessThan(steps.indexOf("Nightly regression"));
        JsonNode step = workflow.at("/jobs/regression/steps/" + derived);
        assertThat(step.at("/env/SECRETS_JSON").asText()).isEqualTo("${{ toJSON(secrets) }}");
        assertThat(step.path("run").asText())
                .contains("test(\"^STAGING_[A-Z0-9_]+_DATABASE$\")")
                .contains(">> \"$GITHUB_ENV\"");
        assertThat(workflow.findValues("SECRETS_JSON"))
                .as("steps given every secret")
                .hasSize(1);
    }

    @Test
    @DisplayName("the fleet job shards the runbook over its matrix, the merge job collects every shard into one report")
    void should_shard_the_fleet_on_the_matrix_and_merge_the_shards() throws Exception {
        JsonNode jobs = new ObjectMapper(new YAMLFactory())
                .readTree(BASEDIR.resolve(".github/workflows/nightly.yml").toFile())
                .path("jobs");
        JsonNode fleet = jobs.path("fleet");
        int shards = fleet.path("env").path("FLEET_SHARDS").asInt();
        List<Integer> matrix = new ArrayList<>();
        fleet.path("strategy").path("matrix").path("shard").forEach(s -> matrix.add(s.asInt()));
        assertThat(matrix)
                .as("the matrix is shards 1..FLEET_SHARDS")
                .isEqualTo(IntStream.rangeClosed(1, shards).boxed().toList());
        assertThat(shards).isBetween(2, 256);
        assertThat(fleet.path("strategy").path("fail-fast").asBoolean(true))
                .as("one shard's failure does not cancel the others")
                .isFalse();
        assertThat(commands(fleet))
                .anyMatch(c -> c.contains("-Dit.test=FleetIT")
                        && c.contains("-Dfleet.runbook=${{ vars.FLEET_RUNBOOK }}")
                        && c.contains("-Dfleet.shard=${{ matrix.shard }}/${{ env.FLEET_SHARDS }}"));
        JsonNode upload = step(fleet, "actions/upload-artifact@");
        assertThat(upload.path("if").asText()).isEqualTo("always()");
        assertThat(upload.path("with").path("name").asText()).isEqualTo("fleet-shard-${{ matrix.shard }}");
        assertThat(upload.path("with").path("path").asText()).contains("target/fleet", "target/allure-results-staging");

        JsonNode merge = jobs.path("fleet-merge");
        assertThat(merge.path("needs").asText()).isEqualTo("fleet");
        assertThat(merge.path("if").asText())
                .as("merges after failed shards too")
                .contains("always()");
        JsonNode download = step(merge, "actions/download-artifact@");
        assertThat(download.path("with").path("pattern").asText()).isEqualTo("fleet-shard-*");
        assertThat(download.path("with").path("merge-multiple").asBoolean()).isTrue();
        assertThat(download.path("with").path("path").asText()).isEqualTo("target");
        assertThat(commands(merge))
                .as("the merge runs FleetIT's merge without the verify phase, which would empty the shards' results")
                .anyMatch(c -> c.contains("failsafe:integration-test")
                        && !List.of(c.split("\\s+")).contains("verify")
                        && c.contains("-Dit.test=FleetIT")
                        && c.contains("-Dfleet.merge=${{ vars.FLEET_RUNBOOK }}"))
                .anyMatch(c -> c.contains("allure:report") && c.contains("-Denv=staging"));
        assertThat(Files.isRegularFile(BASEDIR.resolve("src/test/java/runbooks/fleet/FleetIT.java")))
                .isTrue();
    }

    private static List<String> commands(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(s -> runs.add(s.path("run").asText()));
        return runs;
    }

    private static JsonNode step(JsonNode job, String uses) {
        for (JsonNode s : job.path("steps")) {
            if (s.path("uses").asText().startsWith(uses)) {
                return s;
            }
        }
        throw new AssertionError("no step uses " + uses);
    }
}
