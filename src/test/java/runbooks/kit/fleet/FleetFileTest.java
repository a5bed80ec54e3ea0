package runbooks.kit.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.documents.ProjectFolders;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.fleet.TargetResult.Outcome;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;

@DisplayName("A fleet file: targets, waves, budget, concurrency, shards; bad input in one sentence")
class FleetFileTest {

    private static final Path FOLDER = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."))
            .toAbsolutePath()
            .resolve("target/fleet-files");
    private static final AtomicInteger FILES = new AtomicInteger();

    private static Path file(String yaml) throws IOException {
        Files.createDirectories(FOLDER);
        return Files.writeString(FOLDER.resolve("staging-" + FILES.incrementAndGet() + ".fleet.yaml"), yaml);
    }

    private static String targets(int n) {
        StringBuilder s = new StringBuilder("targets:\n");
        for (int i = 1; i <= n; i++) {
            s.append("  - { name: t")
                    .append(i)
                    .append(", database: db_")
                    .append(i)
                    .append(" }\n");
        }
        return s.toString();
    }

    @Test
    @DisplayName("waves [1, 5, rest] put a canary first, then five, then the rest; defaults fill each target")
    void should_place_targets_in_waves() throws IOException {
        Fleet fleet = Fleet.read(file("waves: [1, 5, rest]\nmax_failures: 2\nconcurrency: 3\n"
                + "defaults: { host: db1, port: 6432, user: deploy, password_variable: FLEET_PW }\n" + targets(9)));
        assertThat(fleet.targets()).extracting(FleetTarget::wave).containsExactly(1, 2, 2, 2, 2, 2, 3, 3, 3);
        assertThat(fleet.maxFailures()).isEqualTo(2);
        assertThat(fleet.concurrency()).isEqualTo(3);
        assertThat(fleet.targets().get(4))
                .isEqualTo(new FleetTarget("t5", 2, 4, "db1", 6432, "db_5", "deploy", "FLEET_PW", "db_5", null));
    }

    @Test
    @DisplayName("without rest, targets past the last wave fill more waves of its size")
    void should_repeat_the_last_wave_size() throws IOException {
        Fleet fleet = Fleet.read(file("waves: [1, 2]\n" + targets(6)));
        assertThat(fleet.targets()).extracting(FleetTarget::wave).containsExactly(1, 2, 2, 3, 3, 4);
    }

    @Test
    @DisplayName("a shard i/n takes every n-th target in wave order; the shards together are the fleet")
    void should_share_targets_between_shards() throws IOException {
        Fleet fleet = Fleet.read(file("waves: [1, 4, rest]\n" + targets(10)));
        assertThat(Shard.parse("2/4").of(fleet.targets()))
                .extracting(FleetTarget::name)
                .containsExactly("t2", "t6", "t10");
        assertThat(List.of("1/4", "2/4", "3/4", "4/4").stream()
                        .flatMap(s -> Shard.parse(s).of(fleet.targets()).stream())
                        .toList())
                .containsExactlyInAnyOrderElementsOf(fleet.targets());
    }

    @Test
    @DisplayName("a shard out of range, a duplicate name, an unknown target, a password in the file: one sentence each")
    void should_refuse_bad_input() throws IOException {
        assertThatThrownBy(() -> Shard.parse("5/4"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("-Dfleet.shard=5/4 is not a shard of the fleet: write i/n with 1 ≤ i ≤ n (e.g. 2/4, the"
                        + " second of four).");
        assertThatThrownBy(() -> Shard.parse("0/4")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Fleet.read(file(targets(2) + "  - { name: t1, database: other }\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("target 3 repeats the name 't1': every target of a fleet needs its own name.");
        Fleet fleet = Fleet.read(file(targets(3)));
        assertThatThrownBy(() -> fleet.only(List.of("t2", "t9")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names [t9], not a target of");
        assertThat(fleet.only(List.of("t3", "t1")))
                .extracting(f -> f.targets().size())
                .isEqualTo(2);
        assertThatThrownBy(() -> Fleet.read(file("targets:\n  - { name: t1, database: d, password: hunter2 }\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName(
            "the fleet a run asks for: <id>.fleet names the file; an unknown target or shard stops before any write")
    void should_configure_a_fleet_run_and_refuse_bad_input_before_writing() throws IOException {
        Path project = FOLDER.resolve("project-" + FILES.incrementAndGet());
        Path environments = Files.createDirectories(project.resolve("environments"));
        Files.writeString(environments.resolve("staging.properties"), "host=localhost\ninvoices.fleet=tenants.yaml\n");
        Files.writeString(environments.resolve("tenants.yaml"), "waves: [1, rest]\n" + targets(8));
        Map<String, String> run = new HashMap<>();
        Function<String, Optional<String>> config = k -> Optional.ofNullable(run.get(k));

        run.put(Shard.PROPERTY, "2/3");
        FleetRun fleetRun = FleetRun.configured(project, "staging", "invoices", Object.class, config);
        assertThat(fleetRun.fleet().source()).isEqualTo("tenants.yaml");
        assertThat(fleetRun.shard()).isEqualTo(new Shard(2, 3));
        assertThat(fleetRun.folder()).isEqualTo(project.resolve("target/fleet/staging/invoices"));

        run.put(Fleet.TARGETS_PROPERTY, "t2, t3");
        assertThat(FleetRun.configured(project, "staging", "invoices", Object.class, config)
                        .fleet()
                        .targets())
                .extracting(FleetTarget::name)
                .containsExactly("t2", "t3");

        run.put(Fleet.TARGETS_PROPERTY, "t2,tenant-9");
        assertThatThrownBy(() -> FleetRun.configured(project, "staging", "invoices", Object.class, config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("-Dfleet.targets names [tenant-9], not a target of tenants.yaml: use the names the file"
                        + " lists (e.g. t1).");
        run.remove(Fleet.TARGETS_PROPERTY);
        run.put(Shard.PROPERTY, "4/3");
        assertThatThrownBy(() -> FleetRun.configured(project, "staging", "invoices", Object.class, config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("-Dfleet.shard=4/3 is not a shard of the fleet");
        assertThatThrownBy(() -> FleetRun.configured(project, "production", "invoices", Object.class, config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown environment 'production'");
        assertThat(project.resolve("target")).as("written by bad input").doesNotExist();
    }

    @Test
    @DisplayName("a malformed fleet file names its line and field")
    void should_name_the_line_of_a_malformed_file() throws IOException {
        assertThatThrownBy(() -> Fleet.read(file("waves: [1, rest]\ntargets:\n  - name: t1\n    databse: d\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageMatching("staging-\\d+\\.fleet\\.yaml line 4 has an unknown field .databse.; .*");
        assertThatThrownBy(() -> Fleet.read(file("targets:\n  - name: t1\n    database: d\n    port: fivefour\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageMatching("staging-\\d+\\.fleet\\.yaml line 4 is malformed at 'targets.\\[1\\].port' .*");
        assertThatThrownBy(() -> Fleet.read(file("waves: [1, rest, 5]\n" + targets(2))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("waves: 'rest' (wave 2) is not a number of targets");
        assertThatThrownBy(() -> Fleet.read(file("waves: [1\ntargets: [\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not YAML");
        assertThatThrownBy(() -> Fleet.read(file("concurrency: 0\n" + targets(1))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("concurrency 1 or more");
    }

    @Test
    @DisplayName("discover: a catalog's query finds the targets in its order; a failing, empty or ill-shaped one: a"
            + " sentence, nothing written")
    void should_discover_targets_with_a_query_and_refuse_bad_discovery() throws IOException {
        ConnectionSpec catalog = LocalTargets.cluster().createDatabase("fleet_catalog");
        try (Target target = LocalTargets.on(catalog)) {
            target.verify()
                    .execute(new SqlFile(
                            "tenants",
                            "CREATE TABLE tenants (slug text, db_name text, active boolean);"
                                    + " INSERT INTO tenants VALUES ('acme', 'tenant_acme', true), ('zeta', 'tenant_zeta', true),"
                                    + " ('gone', 'tenant_gone', false), ('beta', 'tenant_beta', true);"));
        }
        Path project = FOLDER.resolve("project-" + FILES.incrementAndGet());
        Path environments = Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=" + catalog.host() + "\nport=" + catalog.port() + "\nuser=" + catalog.user() + "\npassword="
                        + Optional.ofNullable(catalog.password()).orElse("") + "\n");
        Function<String, Optional<String>> none = k -> Optional.empty();
        Path file = environments.resolve("staging.fleet.yaml");

        Files.writeString(
                file,
                "waves: [1, rest]\ndiscover:\n  database: " + catalog.database()
                        + "\n  query: SELECT slug AS name, db_name AS database FROM tenants WHERE active ORDER BY slug\n");
        Fleet fleet = FleetRun.configured(project, "staging", "invoices", Object.class, none)
                .fleet();
        assertThat(fleet.targets())
                .extracting(FleetTarget::name, FleetTarget::database, FleetTarget::wave)
                .containsExactly(
                        tuple("acme", "tenant_acme", 1),
                        tuple("beta", "tenant_beta", 2),
                        tuple("zeta", "tenant_zeta", 2));

        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(
                "SELECT slug AS name, db_name AS database FROM tenant_list",
                "The discovery query of staging.fleet.yaml failed on ");
        refusals.put(
                "SELECT slug AS name, db_name AS database FROM tenants WHERE slug = 'nobody'",
                "The discovery query of staging.fleet.yaml returned no rows on " + catalog.database()
                        + ": a fleet with no targets would do nothing; check its WHERE clause.");
        refusals.put(
                "SELECT slug, db_name FROM tenants",
                "The discovery query of staging.fleet.yaml returns the columns [slug, db_name]; it must return name and"
                        + " database");
        refusals.put(
                "SELECT 'same' AS name, db_name AS database FROM tenants",
                "staging.fleet.yaml discovered row 2 repeats the name 'same': every target of a fleet needs its own"
                        + " name.");
        for (var refusal : refusals.entrySet()) {
            Files.writeString(
                    file, "discover:\n  database: " + catalog.database() + "\n  query: " + refusal.getKey() + "\n");
            assertThatThrownBy(() -> FleetRun.configured(project, "staging", "invoices", Object.class, none))
                    .as(refusal.getKey())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(refusal.getValue());
        }
        Files.writeString(file, targets(2) + "discover:\n  database: x\n  query: SELECT 1\n");
        assertThatThrownBy(() -> FleetRun.configured(project, "staging", "invoices", Object.class, none))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("staging.fleet.yaml has both targets: and discover:; keep one of them (a fleet is either"
                        + " listed or found by its query).");
        try (Target target = LocalTargets.on(catalog)) {
            assertThat(target.read("tenants", "SELECT count(*) AS n FROM tenants")
                            .values())
                    .as("discovery only reads")
                    .containsExactly(List.of("4"));
        }
        assertThat(project.resolve("target")).as("written by discovery").doesNotExist();
    }

    @Test
    @DisplayName("production's fleet is promoted from a passing staging fleet run of the runbook; else one sentence")
    void should_require_a_passing_staging_fleet_run_for_production() throws IOException {
        Path project = FOLDER.resolve("promotion");
        ProjectFolders.deleteTree(project); // what an earlier run left would be a staging run's summary
        Path environments = Files.createDirectories(project.resolve("environments"));
        Files.writeString(
                environments.resolve("production.properties"),
                "host=localhost\npromotion.required=true\npromotion.environment=staging\n");
        Files.writeString(environments.resolve("production.fleet.yaml"), targets(2));
        Files.writeString(environments.resolve("staging.properties"), "host=localhost\n");
        Files.writeString(environments.resolve("staging.fleet.yaml"), targets(2));
        Function<String, Optional<String>> none = k -> Optional.empty();
        Path staging = project.resolve("target/fleet/staging/invoices");

        assertThatThrownBy(() -> FleetRun.configured(project, "production", "invoices", Object.class, none))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "production's fleet run of invoices needs a passing staging fleet run of it, and"
                                + " there is no ")
                .hasMessageEndingWith(
                        ": run the fleet on staging first (or name its summary with" + " invoices.fleet.promotion).");

        Path evidence =
                Files.createDirectories(project.resolve("target/fleet/staging/invoices/targets/t1/evidence/run"));
        TargetResult canary = new TargetResult(
                "t1",
                1,
                0,
                "deploy",
                Outcome.DEPLOYED,
                null,
                null,
                project.relativize(evidence).toString(),
                1.0,
                1.0);
        TargetResult failed =
                new TargetResult("t2", 2, 1, "deploy", Outcome.FAILED, "1 Pre-checks", "x", null, 1.0, 1.0);
        FleetSummary.of("staging", "invoices", 1, List.of(canary, failed)).write(staging);
        assertThatThrownBy(() -> FleetRun.configured(project, "production", "invoices", Object.class, none))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("did not pass (1 failed, 0 not run of 2 targets): finish it there first.");

        FleetSummary.of("staging", "ledger", 1, List.of(canary)).write(staging);
        assertThatThrownBy(() -> FleetRun.configured(project, "production", "invoices", Object.class, none))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("is a run of ledger on staging.");

        FleetSummary.of("staging", "invoices", 1, List.of(canary)).write(staging);
        assertThatThrownBy(() -> FleetRun.configured(project, "production", "invoices", Object.class, none))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("holds no promotion.json");

        Files.writeString(evidence.resolve("promotion.json"), "{}");
        assertThat(FleetRun.configured(project, "production", "invoices", Object.class, none)
                        .promotionRecord())
                .as("each target checks the canary's record as a single production run does")
                .isEqualTo(evidence.resolve("promotion.json"));
        assertThat(FleetRun.configured(project, "staging", "invoices", Object.class, none)
                        .promotionRecord())
                .as("staging requires no promotion")
                .isNull();
    }
}
