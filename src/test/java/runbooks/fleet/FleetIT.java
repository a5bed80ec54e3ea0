package runbooks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import runbooks.documents.DocumentRunbooksIT;
import runbooks.kit.fleet.FleetRun;
import runbooks.kit.fleet.FleetSummary;
import runbooks.kit.junit.DocumentRuns;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.Settings;

/**
 * One runbook over the fleet its environment names ({@code docs/fleet.md}):
 * {@code mvn verify -Denv=staging -DskipKitTests -Dit.test=FleetIT -Dfleet.runbook=<document id, or a @Runbook class>}
 * (with {@code -Dfleet.shard=i/n} on a CI matrix), then {@code -Dfleet.merge=<the same>} to merge the shards'
 * summaries into one. Skipped, saying so, when neither is given.
 */
class FleetIT {

    private static final Path BASEDIR =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();

    @Test
    @EnabledIfSystemProperty(named = "fleet.runbook", matches = ".+", disabledReason = "no -Dfleet.runbook=<id>")
    @DisplayName("the runbook on every target of the fleet, wave by wave, within its failure budget")
    void rollout() throws ClassNotFoundException {
        String runbook = System.getProperty("fleet.runbook").strip();
        boolean document = !runbook.contains(".");
        Class<?> type = document ? DocumentRunbooksIT.class : Class.forName(runbook);
        String id = document ? runbook : type.getAnnotation(Runbook.class).id();
        FleetRun run =
                FleetRun.configured(BASEDIR, env(), id, type, key -> Optional.ofNullable(System.getProperty(key)));
        if (document) {
            run = run.with(DocumentRuns.ONLY, id);
        }
        FleetSummary summary = run.run();
        assertThat(summary.total().failed() + summary.total().notRun())
                .as("targets failed or not run (the summary: %s)", run.folder().resolve(FleetSummary.MARKDOWN))
                .isZero();
    }

    @Test
    @EnabledIfSystemProperty(named = "fleet.merge", matches = ".+", disabledReason = "no -Dfleet.merge=<id>")
    @DisplayName("the shards' summaries merged into one")
    void merge() throws ClassNotFoundException {
        String runbook = System.getProperty("fleet.merge").strip();
        String id = runbook.contains(".")
                ? Class.forName(runbook).getAnnotation(Runbook.class).id()
                : runbook;
        Path folder = BASEDIR.resolve("target/fleet").resolve(env()).resolve(id);
        FleetSummary merged = FleetRun.merge(folder);
        assertThat(merged.total().failed() + merged.total().notRun())
                .as("targets failed or not run (the summary: %s)", folder.resolve(FleetSummary.MARKDOWN))
                .isZero();
    }

    private static String env() {
        return Optional.ofNullable(System.getProperty("env"))
                .filter(e -> !e.isBlank())
                .orElse("local");
    }
}
