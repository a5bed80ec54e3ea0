package runbooks.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Settings;
import runbooks.kit.schema.SchemaSnapshot;
import runbooks.kit.sql.SqlFiles;

/**
 * Which behaviour probes each runbook must have is read from what its deploy does to the catalog, as
 * {@code DrillCoverageTest} reads the steps: the runbook's migrations are applied to its pre-deploy schema on a fresh
 * local database, and every constraint, unique index, function, view and trigger the deploy adds or changes must be
 * named by a {@code -- probes: <object>} line of a probe file the runbook class runs. An object the deploy changes
 * (it existed before) must also have a probe the runbook runs before the deploy and again after its rollback
 * ({@code -- probes after rollback: <object>}): the old behaviour comes back, not only the old definition.
 */
@DisplayName("Behaviour probe coverage: everything a deploy adds or changes is probed")
class BehaviourProbeCoverageTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));

    /** Each runbook: its class (and its helpers that run probes), the files of its pre-deploy schema, its deploy's files, the folder of its probes. */
    enum Deploy {
        MES(
                "mes/MesDeployRunbookIT.java",
                List.of("mes/prisma/migrations/20260101000000_baseline_mes_1h_1d/migration.sql"),
                List.of("mes/prisma/migrations/20260227153000_add_mes_4h_1w_tables/migration.sql"),
                "mes"),
        USAGE(
                "usage/UsageEventWindowsRunbookIT.java",
                List.of(
                        "usage/drizzle/0000_accounts_and_usage_events.sql",
                        "usage/drizzle/0001_usage_admin_bucket_idx.sql",
                        "usage/drizzle/0002_usage_event_source.sql"),
                List.of("usage/drizzle/0003_usage_event_windows.sql"),
                "usage"),
        CURSOR_FIX(
                "agg/AggregatorCursorFixRunbookIT.java",
                List.of(
                        "kit/simulated_clock.sql",
                        "agg/baseline/001_schema.sql",
                        "agg/baseline/002_functions.sql",
                        "agg/fixtures/01_tasks_and_history.sql"),
                List.of(
                        "agg/migrations/004_fix_aggregator_cursor.sql",
                        "agg/migrations/005_reset_aggregator_cursors.sql",
                        "agg/migrations/006_aggregation_monitoring_view.sql"),
                "agg/checks"),
        PHASE5(
                "agg/Phase5RedesignRunbookIT.java",
                List.of(
                        "kit/simulated_clock.sql",
                        "agg/baseline/001_schema.sql",
                        "agg/baseline/002_functions.sql",
                        "agg/fixtures/01_tasks_and_history.sql",
                        "agg/migrations/004_fix_aggregator_cursor.sql",
                        "agg/migrations/005_reset_aggregator_cursors.sql",
                        "agg/migrations/006_aggregation_monitoring_view.sql"),
                List.of("agg/migrations/011_aggregation_redesign.sql"),
                "agg/checks"),
        BACKTEST(
                "backtest/BacktestResultsDeployRunbookIT.java,backtest/BacktestRollback.java",
                List.of("backtest/baseline/001_backtest_store.sql"),
                List.of(
                        "backtest/migrations/003_restructure_backtest_cache.sql",
                        "backtest/migrations/005_redesign_backtest_results_schema_final.sql",
                        "backtest/migrations/006_add_missing_api_columns.sql"),
                "backtest");

        final String runbookClass;
        final List<String> before;
        final List<String> deploy;
        final String probes;

        Deploy(String runbookClass, List<String> before, List<String> deploy, String probes) {
            this.runbookClass = runbookClass;
            this.before = before;
            this.deploy = deploy;
            this.probes = probes;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Deploy.class)
    @DisplayName(
            "every constraint, unique index, function, view and trigger the deploy adds or changes has a probe the runbook runs")
    void should_probe_everything_the_deploy_adds_or_changes(Deploy deploy) {
        SqlFiles sql = new SqlFiles(BASEDIR.resolve("sql"), Optional.empty());
        Target target = LocalTargets.fresh("probe_coverage");
        SchemaSnapshot before;
        SchemaSnapshot after;
        try {
            deploy.before.forEach(f -> target.verify().script(sql.file(f)));
            before = SchemaSnapshot.take(target, sql.file("kit/catalog_snapshot.sql"));
            deploy.deploy.forEach(f -> target.verify().script(sql.file(f)));
            after = SchemaSnapshot.take(target, sql.file("kit/catalog_snapshot.sql"));
        } finally {
            target.close();
        }
        Map<String, Boolean> changed = new TreeMap<>();
        after.objects().forEach((object, definition) -> {
            String was = before.objects().get(object);
            if (!definition.equals(was) && hasBehaviour(object, definition)) {
                changed.put(name(object), was != null);
            }
        });
        // The runbook class and the classes of its own it hands steps to (comma-separated): the probes they run.
        String source = Stream.of(deploy.runbookClass.split(","))
                .map(c -> read(BASEDIR.resolve("src/test/java/runbooks/" + c)))
                .collect(java.util.stream.Collectors.joining("\n"));
        Map<String, List<String>> probed = probes(BASEDIR.resolve("sql").resolve(deploy.probes), source, "-- probes: ");
        Map<String, List<String>> probedAfterRollback =
                probes(BASEDIR.resolve("sql").resolve(deploy.probes), source, "-- probes after rollback: ");
        List<String> missing = new ArrayList<>();
        changed.forEach((object, existedBefore) -> {
            if (!probed.containsKey(object)) {
                missing.add(object + " (" + (existedBefore ? "changed" : "added")
                        + "): no probe file names it with '-- probes: " + object + "'");
            }
            if (existedBefore && !probedAfterRollback.containsKey(object)) {
                missing.add(object
                        + " (changed): no probe the runbook runs before the deploy and after its rollback names it with"
                        + " '-- probes after rollback: " + object + "'");
            }
        });
        assertThat(missing)
                .as("behaviour probes missing from sql/%s for what %s deploys", deploy.probes, deploy.runbookClass)
                .isEmpty();
    }

    /** Objects whose behaviour a row or a call can show: constraints, unique indexes, functions, views, triggers. */
    private static boolean hasBehaviour(String object, String definition) {
        return object.startsWith("constraint ")
                || object.startsWith("function ")
                || object.startsWith("view ")
                || object.startsWith("trigger ")
                || object.startsWith("index ") && definition.startsWith("CREATE UNIQUE INDEX");
    }

    /** The object's name as a probe names it: a constraint or trigger without its table, a function without its arguments. */
    static String name(String object) {
        String name = object.substring(object.indexOf(' ') + 1);
        if (object.startsWith("constraint ") || object.startsWith("trigger ")) {
            name = name.substring(name.indexOf('.') + 1);
        }
        return name.contains("(") ? name.substring(0, name.indexOf('(')) : name;
    }

    /** Object -> the probe files naming it after {@code marker}, of the files the runbook class runs (named in its source). */
    private static Map<String, List<String>> probes(Path folder, String runbookSource, String marker) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String file = f.getFileName().toString();
                String parent = f.getParent().getFileName().toString();
                if (!runbookSource.contains(file)
                        && !runbookSource.contains("/" + parent + "\"")
                        && !runbookSource.contains("/" + parent + "/\"")) {
                    continue;
                }
                read(f).lines()
                        .map(l -> l.replace("-- rejected by: ", "-- probes: "))
                        .filter(l -> l.startsWith(marker))
                        .forEach(l -> {
                            for (String object : l.substring(marker.length()).split(",")) {
                                out.computeIfAbsent(object.strip(), k -> new ArrayList<>())
                                        .add(file);
                            }
                        });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
