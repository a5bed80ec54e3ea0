package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.env.Environment;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.DrillsFor;
import runbooks.kit.junit.PartialDeployException;
import runbooks.kit.junit.Settings;

/**
 * Defect drills for the MES 4h/1w runbook: each injects exactly the defect one step exists to catch
 * (an overlay under {@code src/test/resources/drills/mes/}) and asserts that this step, and no other,
 * fails. Deleting any one MES check makes its drill fail.
 */
@DrillsFor(MesDeployRunbookIT.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("MES 4h/1w runbook defect drills")
class MesDeployDrillsTest {

    private static Drill mes() {
        return Drill.of(MesDeployRunbookIT.class);
    }

    @Test
    @DisplayName("02 fails when a destructive statement slipped into the deploy migration")
    void should_fail_gate_when_migration_is_destructive() {
        assertThat(mes().overlay("mes/destructive-statement").failsAt("02"))
                .contains("DROP COLUMN")
                .contains("drop-column (error): public.mkt_futures_mes_1h.source dropped");
    }

    @Test
    @DisplayName("02 fails when the deploy drops an index, which the runbook's grep cannot see")
    void should_fail_gate_when_migration_drops_index() {
        assertThat(mes().overlay("mes/drops-index").failsAt("02"))
                .contains("drop-unique-index (error): index public.mkt_futures_mes_1d_eventDate_key dropped")
                .contains("index-without-concurrently");
    }

    @Test
    @DisplayName("03.1 fails, and nothing is written, when the environment points at the wrong database")
    void should_stop_before_any_write_when_target_is_wrong() {
        Path basedir = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
        var cluster =
                LocalClusters.shared(Environment.load(basedir.resolve("environments"), "local", k -> Optional.empty()));
        ConnectionSpec decoy = cluster.createDatabase("wrong_target");

        String failure = mes().with("env", "wrongtarget")
                .with(
                        Settings.ENVIRONMENTS_PROPERTY,
                        basedir.resolve("src/test/resources/drills/environments")
                                .toString())
                .with("DRILL_PORT", String.valueOf(decoy.port()))
                .with("DRILL_DATABASE", decoy.database())
                .failsAt("03.1");

        assertThat(failure).contains("expected runbooks_staging_mes, connected to " + decoy.database());
        Target inspect = new Target(
                decoy,
                new Expectation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "drill"),
                new Timeouts(
                        java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(1)));
        assertThat(inspect.read(
                                "relations",
                                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                        + " WHERE n.nspname = 'public'")
                        .column("relname"))
                .as("relations written to the wrong database")
                .isEmpty();
    }

    @Test
    @DisplayName("03.1 fails when a migration outside the runbook's declared set is pending")
    void should_fail_preflight_when_pending_set_differs() {
        assertThat(mes().overlay("mes/extra-pending-migration").failsAt("03.1")).contains("20260301090000");
    }

    @Test
    @DisplayName(
            "02 fails when the deploy grants privileges on an existing table: §2 allows only enum adds, table and index creates")
    void should_fail_gate_when_migration_goes_beyond_the_allow_list() {
        assertThat(mes().overlay("mes/grants-on-existing-table").failsAt("02"))
                .contains("outside-allow-list")
                .contains("GRANT");
    }

    @Test
    @DisplayName(
            "03.1 fails when an applied migration's file changed since it was applied (drift, as prisma migrate status says it)")
    void should_fail_preflight_when_an_applied_migration_drifted() {
        assertThat(mes().overlay("mes/journal-drift").failsAt("03.1"))
                .contains("The migration `20260101000000_baseline_mes_1h_1d` was modified after it was applied");
    }

    @Test
    @DisplayName(
            "02 stops, before any write, when _prisma_migrations holds an unfinished migration (P3009: deploy would refuse), with Prisma's remedy")
    void should_stop_when_a_migration_is_unfinished() {
        assertThat(mes().overlay("mes/journal-unfinished-migration").failsAt("02"))
                .startsWith(PartialDeployException.PREFIX + "P3009")
                .contains("20260215000000_hotfix_mes_volume")
                .contains("prisma migrate resolve --rolled-back or --applied");
    }

    @Test
    @DisplayName("02 fails when PostgreSQL rejects the migration in the rehearsal")
    void should_fail_gate_when_migration_is_broken() {
        assertThat(mes().overlay("mes/broken-migration").failsAt("02"))
                .contains("statement-fails")
                .containsIgnoringCase("TABEL");
    }

    @Test
    @DisplayName("03.2 fails when the migration fails on the target's data, which a schema-only rehearsal cannot see")
    void should_fail_apply_when_migration_fails_on_data() {
        assertThat(mes().overlay("mes/seeds-1w-without-volume").failsAt("03.2")).contains("volume");
    }

    @Test
    @DisplayName("03.3 fails when the migration misses an index")
    void should_fail_schema_check_when_index_is_missing() {
        assertThat(mes().overlay("mes/missing-index").failsAt("03.3")).contains("mkt_futures_mes_1w");
    }

    @Test
    @DisplayName(
            "03.5.3 fails when a new table has no primary key (a behaviour probe: two bars with one id are stored)")
    void should_fail_schema_check_when_a_unique_key_accepts_a_duplicate() {
        assertThat(mes().overlay("mes/1w-without-primary-key").failsAt("03.5.3"))
                .contains("06_1w_same_id")
                .contains("mkt_futures_mes_1w_pkey");
    }

    @Test
    @DisplayName("03.4.1 fails when there are no source bars")
    void should_fail_source_load_when_empty() {
        assertThat(mes().overlay("mes/no-source-bars").failsAt("03.4.1")).contains("mes_1h");
    }

    @Test
    @DisplayName("03.4.2 fails when the backfill drops its last chunk")
    void should_fail_backfill_when_last_chunk_is_dropped() {
        assertThat(mes().overlay("mes/drops-last-chunk").failsAt("03.4.2")).contains("chunks not succeeded");
    }

    @Test
    @DisplayName("03.4.3 fails when a second backfill run changes data")
    void should_fail_idempotency_when_rerun_accumulates() {
        assertThat(mes().overlay("mes/accumulating-upsert").failsAt("03.4.3")).contains("second run");
    }

    @Test
    @DisplayName("03.5.1 fails when the history does not reach back to the runbook's start")
    void should_fail_coverage_when_early_history_is_lost() {
        assertThat(mes().overlay("mes/lost-early-history").failsAt("03.5.1")).contains("3.5_coverage_problems.sql");
    }

    @Test
    @DisplayName("03.5.2 fails when the 4h/1h ratio is far from 0.25")
    void should_fail_ratio_when_hourly_table_holds_4h_bars() {
        assertThat(mes().overlay("mes/hourly-table-holds-4h-bars").failsAt("03.5.2"))
                .contains("ratio_4h_to_1h");
    }

    @Test
    @DisplayName("03.5.3 fails when derived bars have high and low swapped")
    void should_fail_well_formed_when_ohlc_is_inconsistent() {
        assertThat(mes().overlay("mes/high-low-swapped").failsAt("03.5.3")).contains("3.5_malformed_bars.sql");
    }

    @Test
    @DisplayName("03.5.3 fails when 4h bars are not on 4h boundaries")
    void should_fail_well_formed_when_buckets_are_misaligned() {
        assertThat(mes().overlay("mes/bucket-stamped-with-first-bar").failsAt("03.5.3"))
                .contains("3.5_malformed_bars.sql");
    }

    @Test
    @DisplayName("03.5.4 fails when the backfill double-counts volume")
    void should_fail_exact_aggregate_when_volume_is_double_counted() {
        assertThat(mes().overlay("mes/double-volume").failsAt("03.5.4")).contains("3.5_derived_4h_vs_source.sql");
    }

    @Test
    @DisplayName("03.5.5 fails when a week of sessions has no bars")
    void should_fail_gap_check_when_a_week_is_missing() {
        assertThat(mes().overlay("mes/missing-week").failsAt("03.5.5")).contains("3.5_session_gaps.sql");
    }

    @Test
    @DisplayName("06 fails when the configured smoke command fails")
    void should_fail_smoke_when_command_fails() {
        assertThat(mes().with("MES_SMOKE_COMMAND", "echo building dataset; exit 3")
                        .failsAt("06"))
                .contains("exit code");
    }

    @Test
    @DisplayName("07.2 fails when truncate-and-rerun does not reproduce the first run")
    void should_fail_rerun_when_truncate_keeps_identity() {
        assertThat(mes().overlay("mes/truncate-keeps-identity").failsAt("07.2")).contains("checksums");
    }
}
