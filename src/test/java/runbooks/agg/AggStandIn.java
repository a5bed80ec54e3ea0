package runbooks.agg;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import runbooks.kit.database.SimulatedClock;
import runbooks.kit.junit.RunbookContext;

/**
 * The aggregation system before a deploy, built in a runbook's fresh local database: the baseline
 * (sql/agg/baseline), three days of 1m bars ending three hours ago (the feed brings the rest while the
 * runbook watches), and the tasks with their history (sql/agg/fixtures: DXY and XAUUSD hit by the
 * cursor bug). After the cursor fix, 004-006 are applied on top.
 */
public final class AggStandIn {

    static final Duration HISTORY = Duration.ofDays(3);
    static final Duration INGESTION_LAG = Duration.ofHours(3);
    /**
     * Where the local stand-in's simulated clock starts: the morning of the cursor fix runbook's deploy
     * (its backup is data_agg_state_backup_20260111). A fixed start makes every local run identical.
     */
    static final Instant LOCAL_START = Instant.parse("2026-01-11T09:00:00Z");

    private AggStandIn() {}

    /**
     * On env=local the stand-in lives on a simulated clock starting at {@link #LOCAL_START}; the staging
     * stand-in, whose worker runs in real time, starts now.
     */
    static void beforeCursorFix(RunbookContext runbook) {
        runbook.deploy()
                .standIn()
                .build(
                        BEFORE_INPUTS,
                        Map.of(),
                        () -> {
                            buildBeforeCursorFix(runbook);
                            settle(runbook);
                        },
                        f -> applyFixture(runbook, f));
        resume(runbook);
    }

    /** What the stand-in is built from (locally it is built once per run and copied: {@code runbook.deploy().standIn()}). */
    private static final List<String> BEFORE_INPUTS =
            List.of("kit/simulated_clock.sql", "agg/baseline", "agg/feed/1m_bars_between.sql", "agg/fixtures");

    private static final List<String> FIX_MIGRATIONS = List.of(
            "004_fix_aggregator_cursor.sql", "005_reset_aggregator_cursors.sql", "006_aggregation_monitoring_view.sql");

    /** A copied stand-in is verified again and gets its simulated clock, at the start. */
    private static void resume(RunbookContext runbook) {
        runbook.target().verify();
        if (runbook.config().isLocal() && runbook.target().clock().isEmpty()) {
            runbook.target().useClock(new SimulatedClock(LOCAL_START));
        }
    }

    private static void buildBeforeCursorFix(RunbookContext runbook) {
        runbook.target().verify();
        Instant now;
        if (runbook.config().isLocal()) {
            runbook.target().verify().script(runbook.sql("kit/simulated_clock.sql"));
            runbook.target().useClock(new SimulatedClock(LOCAL_START));
            now = LOCAL_START;
        } else {
            now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        }
        runbook.target().verify().script(runbook.sql("agg/baseline/001_schema.sql"));
        runbook.target().verify().script(runbook.sql("agg/baseline/002_functions.sql"));
        runbook.target()
                .verify()
                .execute(
                        runbook.sql("agg/feed/1m_bars_between.sql"),
                        Map.of(
                                "runbook.feed_from",
                                now.minus(HISTORY).toString(),
                                "runbook.feed_to",
                                now.minus(INGESTION_LAG).toString()));
        runbook.deploy()
                .standIn()
                .fixtureFiles("agg/fixtures")
                .forEach(f -> runbook.target().verify().script(runbook.sql(f)));
    }

    /**
     * The team's system has run for months: autovacuum has analyzed its tables and set their visibility maps.
     * A stand-in just loaded has neither, and its planner takes the 1m bars for a handful of rows (the hourly
     * lag check read them through the heap, 40 ms and more a run).
     */
    static void settle(RunbookContext runbook) {
        runbook.target().verify().script(new runbooks.kit.sql.SqlFile("vacuum", "VACUUM ANALYZE;"));
    }

    /** A fixture a drill adds, run on the copied stand-in at the stand-in's simulated start. */
    private static void applyFixture(RunbookContext runbook, String file) {
        resume(runbook);
        runbook.target().verify().script(runbook.sql(file));
    }

    static void afterCursorFix(RunbookContext runbook) {
        List<String> inputs = new java.util.ArrayList<>(BEFORE_INPUTS);
        FIX_MIGRATIONS.forEach(m -> inputs.add("agg/migrations/" + m));
        runbook.deploy()
                .standIn()
                .build(
                        inputs,
                        Map.of(),
                        () -> {
                            buildBeforeCursorFix(runbook);
                            FIX_MIGRATIONS.forEach(
                                    m -> runbook.target().verify().script(runbook.sql("agg/migrations/" + m)));
                            settle(runbook);
                        },
                        f -> applyFixture(runbook, f));
        resume(runbook);
    }
}
