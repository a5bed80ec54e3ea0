package runbooks.backtest;

import java.util.List;
import java.util.Map;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.sql.SqlFile;

/**
 * The backtest store before the deploy: the pre-003 schema and the results stored before the redesign.
 * Locally built once per run and copied; for the staging stand-in, {@link BacktestStagingStandIn} builds it in the database
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
        runbook.deploy()
                .standIn()
                .build(
                        INPUTS,
                        Map.of(),
                        () -> build(runbook, List.of()),
                        f -> runbook.target().verify().script(runbook.sql(f)));
        runbook.target().verify();
    }

    static void build(RunbookContext runbook, List<String> applied) {
        runbook.target().verify().script(runbook.sql(BASELINE));
        runbook.deploy()
                .standIn()
                .fixtureFiles("backtest/fixtures")
                .forEach(f -> runbook.target().verify().script(runbook.sql(f)));
        for (String migration : applied) {
            runbook.target().verify().script(runbook.sql("backtest/migrations/" + migration));
        }
        runbook.target().verify().execute(new SqlFile("analyze", "ANALYZE market_structure_results;"));
    }
}
