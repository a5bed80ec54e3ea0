package runbooks.backtest;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.sql.SqlFile;

/**
 * The backtest store before the deploy: the pre-003 schema and the results stored before the redesign.
 * Locally built once per run and copied; for the staging stand-in, {@link #main} builds it in the database
 * the environment names, with the migrations {@code BACKTEST_STAND_IN_APPLIED} lists already applied (so a
 * staging run meets a target where part of the document's "already applied" is true).
 */
public final class BacktestStandIn {

    /** The document's §3.1 migrations, in order. */
    static final List<String> MIGRATIONS = List.of(
            "003_restructure_backtest_cache.sql",
            "005_redesign_backtest_results_schema_final.sql",
            "006_add_missing_api_columns.sql");

    static final String BASELINE = "backtest/baseline/001_backtest_store.sql";
    private static final List<String> INPUTS = List.of("backtest/baseline", "backtest/fixtures");

    private BacktestStandIn() {}

    static void prepare(RunbookContext runbook) {
        runbook.standIn()
                .build(
                        INPUTS,
                        Map.of(),
                        () -> build(runbook, List.of()),
                        f -> runbook.target().script(runbook.sql(f)));
        runbook.target().verify();
    }

    private static void build(RunbookContext runbook, List<String> applied) {
        runbook.target().verify();
        runbook.target().script(runbook.sql(BASELINE));
        runbook.standIn()
                .fixtureFiles("backtest/fixtures")
                .forEach(f -> runbook.target().script(runbook.sql(f)));
        for (String migration : applied) {
            runbook.target().script(runbook.sql("backtest/migrations/" + migration));
        }
        runbook.target().execute(new SqlFile("analyze", "ANALYZE market_structure_results;"));
    }

    /** Prepares the staging stand-in ({@code -Denv=staging}), behind the same guard as the runbook. */
    public static void main(String[] args) {
        RunbookContext runbook = RunbookContext.fromSystemProperties(
                BacktestResultsDeployRunbookIT.class.getAnnotation(runbooks.kit.junit.Runbook.class));
        List<String> applied = Stream.of(System.getenv()
                        .getOrDefault("BACKTEST_STAND_IN_APPLIED", "")
                        .split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(v -> MIGRATIONS.stream()
                        .filter(m -> m.startsWith(v))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "BACKTEST_STAND_IN_APPLIED: no migration " + v + " (003, 005, 006)")))
                .toList();
        try {
            build(runbook, applied);
            System.out.println("[runbooks] " + runbook.target().spec().masked() + " is in the backtest pre-deploy state"
                    + (applied.isEmpty() ? "" : " with " + applied + " applied"));
            runbook.target().close();
        } catch (RuntimeException | AssertionError e) {
            System.err.println("[runbooks] stand-in not prepared: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
