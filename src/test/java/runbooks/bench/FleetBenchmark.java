package runbooks.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import runbooks.documents.DocumentRunbooksIT;
import runbooks.documents.ProjectFolders;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.fleet.Fleet;
import runbooks.kit.fleet.FleetRun;
import runbooks.kit.fleet.FleetSummary;
import runbooks.kit.fleet.TargetResult;
import runbooks.kit.junit.DocumentRuns;
import runbooks.kit.sql.SqlFile;

/**
 * The fleet machinery's cost: the invoices document runbook over {@code -Dbench.fleet.targets} databases of the local
 * cluster (default 200), a deploy run then a verification run, at concurrency 1, 2 and 4 ({@code
 * -Dbench.fleet.concurrency=1,2,4}): wall time, time per target, the runbook's own time per target (its JUnit engine's
 * run), the fleet's overhead per target at concurrency 1 (the run's time outside the runbooks: the launcher, each
 * target's environment folder, the apply log read back, the summary) and peak heap. Run by {@code bash .ci/benchmark --fleet}; not a test.
 */
public final class FleetBenchmark {

    public static void main(String[] args) throws IOException {
        // The targets' report results stay under target/, as a build's do (this runs in Maven's own JVM).
        System.setProperty("allure.results.directory", "target/benchmark/allure-results");
        int targets = Integer.getInteger("bench.fleet.targets", 200);
        List<Integer> levels = List.of(
                        System.getProperty("bench.fleet.concurrency", "1,2,4").split(","))
                .stream()
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        Path basedir = Path.of(".").toAbsolutePath().normalize();
        Path fixture = basedir.resolve("src/test/resources/documents/invoices");
        LocalCluster cluster = LocalTargets.cluster();
        System.out.println("[bench] fleet: local PostgreSQL " + cluster.description() + "; " + targets
                + " databases of the invoices document runbook; concurrency " + levels);

        ConnectionSpec template = cluster.createDatabase("fleet_bench_template");
        try (Target target = LocalTargets.on(template)) {
            target.verify()
                    .psql(
                            new SqlFile("stand-in", Files.readString(fixture.resolve("standin/01_invoices.sql"))),
                            Map.of());
        }
        for (int concurrency : levels) {
            Path project = basedir.resolve("target/benchmark/fleet-c" + concurrency);
            ProjectFolders.deleteTree(project);
            ProjectFolders.copyTree(basedir.resolve("sql/kit"), project.resolve("sql/kit"));
            ProjectFolders.copyTree(fixture, project.resolve("sql/invoices"));
            Path environments = Files.createDirectories(project.resolve("environments"));
            Files.copy(basedir.resolve("environments/local.properties"), environments.resolve("local.properties"));
            List<ConnectionSpec> databases = new ArrayList<>();
            StringBuilder file = new StringBuilder(
                    "waves: [1, 9, rest]\nmax_failures: 0\nconcurrency: " + concurrency + "\ntargets:\n");
            for (int i = 1; i <= targets; i++) {
                ConnectionSpec db = cluster.cloneDatabase(template.database(), "fleet_bench_c" + concurrency);
                databases.add(db);
                file.append("  - { name: t")
                        .append(i)
                        .append(", database: ")
                        .append(db.database())
                        .append(" }\n");
            }
            Files.writeString(
                    environments.resolve("staging.properties"),
                    "host=localhost\nport=" + template.port() + "\nuser=" + template.user() + "\npassword="
                            + Objects.requireNonNullElse(template.password(), "") + "\nrun_lock.wait=5s\n");
            Files.writeString(environments.resolve("staging.fleet.yaml"), file);
            FleetRun run = FleetRun.of(
                            Fleet.locate(environments, "staging", Optional.empty()),
                            "staging",
                            "invoices",
                            DocumentRunbooksIT.class)
                    .basedir(project)
                    .with(DocumentRuns.ONLY, "invoices");
            for (String kind : List.of("deploy", "verification")) {
                resetPeakHeap();
                long t0 = System.nanoTime();
                FleetSummary summary = run.run();
                double wall = (System.nanoTime() - t0) / 1e9;
                report(kind, concurrency, targets, wall, summary);
            }
            drop(cluster, databases);
        }
        drop(cluster, List.of(template));
    }

    /**
     * The fleet's overhead is what the run spent outside the runbooks: at concurrency 1, the wall time less the sum of
     * the runbooks' own times (the launcher, each target's environment folder, the apply log read back, the summary).
     */
    private static void report(String kind, int concurrency, int targets, double wall, FleetSummary summary) {
        List<TargetResult> ran = summary.targets().stream()
                .filter(t -> t.runbookSeconds() != null)
                .toList();
        double runbooks = ran.stream().mapToDouble(TargetResult::runbookSeconds).sum();
        double runbook = runbooks / ran.size();
        String overhead = concurrency == 1
                ? String.format(
                        "; the fleet's overhead %.3f s a target (%.1f%% of the runbook's time)",
                        (wall - runbooks) / targets, 100 * (wall - runbooks) / runbooks)
                : "";
        System.out.printf(
                "[bench] fleet %s run, concurrency %d: %.1f s wall for %d targets (%.2f s a target); its runbook %.2f s"
                        + " a target%s; outcome %s; peak heap %d MiB%n",
                kind, concurrency, wall, targets, wall / targets, runbook, overhead, summary.total(), peakHeapMiB());
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed())
                        .sum()
                / (1024 * 1024);
    }

    private static void drop(LocalCluster cluster, List<ConnectionSpec> databases) {
        databases.forEach(db -> cluster.dropDatabase(db.database()));
    }
}
