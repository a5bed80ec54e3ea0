package runbooks.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.fleet.Fleet;
import runbooks.kit.fleet.FleetRun;
import runbooks.kit.fleet.FleetSummary;
import runbooks.kit.fleet.Shard;
import runbooks.kit.fleet.TargetResult;
import runbooks.kit.fleet.TargetResult.Outcome;
import runbooks.kit.junit.DocumentRuns;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;

/**
 * The invoices document runbook over a fleet of 50 databases of the local cluster, configured as a staging: a canary,
 * a wave of 4, then the rest. A row that fails the pre-checks, planted in the second wave's databases, spends the
 * failure budget; the third wave is not touched and is reported as not run. With the rows removed, the re-run finishes
 * the rollout (4 at once) and verifies the canary. The same fleet as 4 shards, merged, is one summary of the whole
 * fleet: every target once, in its wave and place.
 */
@DisplayName("A runbook over a fleet: waves, a failure budget, a re-run that continues, shards merged")
class FleetDrillsTest {

    private static final Path BASEDIR =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
    private static final Path FIXTURE = BASEDIR.resolve("src/test/resources/documents/invoices");
    private static final int TARGETS = 50;
    private static final String FAULT = "INSERT INTO invoices (customer, amount_cents) VALUES ('no amount', NULL);";

    @Test
    @DisplayName(
            "a fault in wave 2 stops the rollout, wave 3 untouched; the re-run (4 at once) finishes; 4 shards merged = one run")
    void should_roll_out_in_waves_stop_on_the_budget_continue_and_merge_shards() throws IOException {
        Path project = BASEDIR.resolve("target/fleet-drills/project");
        ProjectFolders.deleteTree(project.getParent());
        ProjectFolders.copyTree(BASEDIR.resolve("sql/kit"), project.resolve("sql/kit"));
        ProjectFolders.copyTree(FIXTURE, project.resolve("sql/invoices"));
        Path environments = Files.createDirectories(project.resolve("environments"));
        Files.copy(BASEDIR.resolve("environments/local.properties"), environments.resolve("local.properties"));

        // GIVEN 50 databases in the document's starting state, listed in a fleet file: a canary, 4, then 45.
        Map<String, ConnectionSpec> databases = new LinkedHashMap<>();
        StringBuilder fleetFile = new StringBuilder("waves: [1, 4, rest]\nmax_failures: 1\nconcurrency: 2\ntargets:\n");
        String standIn = Files.readString(FIXTURE.resolve("standin/01_invoices.sql"));
        for (int i = 1; i <= TARGETS; i++) {
            String name = String.format("tenant-%02d", i);
            ConnectionSpec db = LocalTargets.cluster().createDatabase(String.format("fleet_t%02d", i));
            databases.put(name, db);
            try (Target target = LocalTargets.on(db)) {
                target.verify().psql(new SqlFile("stand-in", standIn), Map.of());
            }
            fleetFile
                    .append("  - { name: ")
                    .append(name)
                    .append(", database: ")
                    .append(db.database())
                    .append(" }\n");
        }
        ConnectionSpec any = databases.values().iterator().next();
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + any.port() + "\nuser=" + any.user() + "\npassword="
                        + (any.password() == null ? "" : any.password()) + "\nrun_lock.wait=5s\n");
        Files.writeString(environments.resolve("staging.fleet.yaml"), fleetFile);
        FleetRun run = fleetRun(environments, project);

        // AND a row failing the pre-checks in each database of wave 2.
        List<String> wave2 = List.of("tenant-02", "tenant-03", "tenant-04", "tenant-05");
        wave2.forEach(t -> sql(databases.get(t), FAULT));
        Map<String, String> before = fingerprints(databases);

        // WHEN the fleet runs
        FleetSummary first = run.run();

        // THEN the canary deployed, wave 2 spent the budget, and wave 3 was not run, nor touched
        assertThat(first.targets()).hasSize(TARGETS);
        assertThat(first.targets().get(0).outcome()).as("the canary").isEqualTo(Outcome.DEPLOYED);
        List<TargetResult> failed = first.targets().stream()
                .filter(t -> t.outcome() == Outcome.FAILED)
                .toList();
        // Two failures at once spend the budget of 1; a third target may have started between them.
        assertThat(failed).as("failed targets").hasSizeBetween(2, 3).allSatisfy(t -> {
            assertThat(t.wave()).isEqualTo(2);
            assertThat(t.failedStep()).startsWith("1 ");
            assertThat(project.resolve(t.evidence())).isDirectory();
        });
        assertThat(first.waves().get(1).counts().notRun())
                .as("wave 2 after the budget was spent")
                .isEqualTo(4 - failed.size());
        assertThat(failed.get(0).reason()).contains("amount_cents IS NULL");
        assertThat(first.targets()).filteredOn(t -> t.wave() == 3).hasSize(45).allSatisfy(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.NOT_RUN);
            assertThat(t.reason()).startsWith("the failure budget (max_failures 1) was spent in wave 2");
        });
        Map<String, String> after = fingerprints(databases);
        databases.keySet().stream()
                .filter(t -> !t.equals("tenant-01"))
                .forEach(
                        t -> assertThat(after.get(t)).as("fingerprint of %s", t).isEqualTo(before.get(t)));
        assertThat(after.get("tenant-01")).as("the canary, deployed").isNotEqualTo(before.get("tenant-01"));
        assertThat(run.folder().resolve(FleetSummary.MARKDOWN))
                .content()
                .contains("50 targets: **1 deployed, 0 verified, " + failed.size() + " failed, " + (49 - failed.size())
                        + " not run**")
                .contains("Not run: the failure budget");

        // WHEN the fault is removed and the fleet runs again, 4 at once
        wave2.forEach(t -> sql(databases.get(t), "DELETE FROM invoices WHERE customer = 'no amount';"));
        Files.writeString(
                environments.resolve("staging.fleet.yaml"),
                fleetFile.toString().replace("concurrency: 2", "concurrency: 4"));
        run = fleetRun(environments, project);
        FleetSummary second = run.run();

        // THEN the canary verifies, every other target deploys
        assertThat(second.total()).isEqualTo(new FleetSummary.Counts(49, 1, 0, 0));
        assertThat(second.targets().get(0).mode()).isEqualTo("verify");

        // WHEN the fleet runs again as 4 shards, merged
        for (int i = 1; i <= 4; i++) {
            run.shard(Shard.parse(i + "/4")).run();
        }
        FleetSummary merged = FleetRun.merge(run.folder());

        // THEN the merged summary is the one run of the whole fleet: every target once, in its wave and place, verified
        assertThat(merged.total()).isEqualTo(new FleetSummary.Counts(0, TARGETS, 0, 0));
        assertThat(merged.waves())
                .extracting(FleetSummary.WaveCounts::wave, FleetSummary.WaveCounts::targets)
                .containsExactly(tuple(1, 1), tuple(2, 4), tuple(3, 45));
        assertThat(merged.targets().stream().map(TargetResult::content).toList())
                .isEqualTo(second.targets().stream()
                        .map(t -> new TargetResult(
                                t.name(),
                                t.wave(),
                                t.position(),
                                "verify",
                                Outcome.VERIFIED,
                                null,
                                null,
                                null,
                                null,
                                null))
                        .toList());
        assertThat(merged.shards()).isEqualTo(4);
        assertThat(run.folder().resolve(FleetSummary.MARKDOWN))
                .content()
                .startsWith("# Fleet run: invoices on staging\n\n50 targets, merged from 4 shards: **0 deployed, 50"
                        + " verified, 0 failed, 0 not run**");
    }

    private static FleetRun fleetRun(Path environments, Path project) {
        Fleet fleet = Fleet.locate(environments, "staging", Optional.empty());
        return FleetRun.of(fleet, "staging", "invoices", DocumentRunbooksIT.class)
                .basedir(project)
                .with(DocumentRuns.ONLY, "invoices");
    }

    private static void sql(ConnectionSpec db, String statement) {
        try (Target target = LocalTargets.on(db)) {
            target.verify().psql(new SqlFile("fleet drill", statement), Map.of());
        }
    }

    /** Each database's invoices rows, columns and indexes. */
    private static Map<String, String> fingerprints(Map<String, ConnectionSpec> databases) {
        Map<String, String> prints = new LinkedHashMap<>();
        databases.forEach((name, db) -> {
            try (Target target = LocalTargets.on(db)) {
                prints.put(
                        name,
                        target.read(
                                        "fingerprint",
                                        "SELECT md5(string_agg(i::text, ',' ORDER BY id)) || ':' || (SELECT"
                                                + " string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE"
                                                + " attrelid = 'invoices'::regclass AND attnum > 0) || ':' || (SELECT"
                                                + " count(*) FROM pg_indexes WHERE tablename = 'invoices') FROM invoices i")
                                .values()
                                .get(0)
                                .get(0));
            }
        });
        return prints;
    }
}
