package runbooks.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.DrillsFor;
import runbooks.kit.junit.Settings;

/** Each step of the usage-events runbook fails on exactly the defect it exists to catch. */
@DrillsFor(UsageEventWindowsRunbookIT.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Usage event windows (drizzle 0003) defect drills")
class UsageEventWindowsDrillsTest {

    private static Drill runbook(String defect) {
        return Drill.of(UsageEventWindowsRunbookIT.class).overlay("usage/" + defect);
    }

    @Test
    @DisplayName(
            "01 fails when a session of the ingestion job is connected (the drill names the suite's own sessions as the job's)")
    void should_fail_prerequisites_when_ingestion_runs() {
        assertThat(Drill.of(UsageEventWindowsRunbookIT.class)
                        .with("USAGE_INGESTION_APP", "runbooks/usage/local")
                        .failsAt("01"))
                .contains("ingestion_sessions.sql")
                .contains("runbooks/usage/local");
    }

    @Test
    @DisplayName(
            "02 stops before any write when the target is in neither state (a window column pushed early, no journal row for 0003)")
    void should_fail_pre_snapshot_when_columns_exist_already() {
        assertThat(runbook("window-columns-already-pushed").failsAt("02"))
                .startsWith("Partial deploy on the target")
                .contains("usage_events already has window columns")
                .contains("no row for 0003");
    }

    @Test
    @DisplayName("03 fails when the drizzle journal has another migration pending beside 0003")
    void should_fail_pre_apply_check_when_extra_migration_pending() {
        assertThat(runbook("extra-pending-migration").failsAt("03")).contains("0004_unreviewed_extra");
    }

    @Test
    @DisplayName("04 fails when 0003 fails on the target's data; the full output is kept as drizzle-push-0003.log")
    void should_halt_apply_and_keep_the_log(@TempDir Path evidence) throws Exception {
        assertThat(runbook("apply-fails-on-data")
                        .with(Settings.EVIDENCE_PROPERTY, evidence.toString())
                        .failsAt("04"))
                .contains("drizzle-push-0003.log")
                .contains("usage_events_quantity_small");
        assertThat(Files.readString(evidence.resolve("drizzle-push-0003.log"))).contains("usage_events_quantity_small");
    }

    @Test
    @DisplayName(
            "05 fails when 0003 drops a column (let past the gate by a careless allowance): the diff holds more than intended")
    void should_fail_diff_when_a_column_is_dropped() {
        assertThat(runbook("drops-a-column").failsAt("05")).contains("column usage_events.source");
    }

    @Test
    @DisplayName("06 fails when usage_admin_bucket_idx forgets a metadata column")
    void should_fail_index_check_when_metadata_column_missing() {
        assertThat(runbook("index-forgets-metadata").failsAt("06")).contains("window_granularity");
    }

    @Test
    @DisplayName(
            "06 fails when the widened dedupe key is deferred to commit (a behaviour probe: a duplicate bucket is stored in the transaction)")
    void should_fail_validation_when_the_dedupe_key_is_deferred() {
        assertThat(runbook("dedupe-key-deferrable").failsAt("06")).contains("01_same_bucket_without_window");
    }

    @Test
    @DisplayName("07 fails when 0003 gives existing rows windows the ingestion never recorded (smoke counts wrong)")
    void should_fail_smoke_when_windows_backfilled() {
        assertThat(runbook("backfills-windows").failsAt("07")).contains("buckets_with_windows");
    }

    @Test
    @DisplayName("10 fails when the rollback leaves a column behind")
    void should_fail_rollback_when_a_column_remains() {
        assertThat(runbook("rollback-leaves-a-column").failsAt("10")).contains("window_granularity");
    }

    @Test
    @DisplayName(
            "10 fails when the rollback restores the dedupe key's name but not its behaviour (a duplicate bucket is stored)")
    void should_fail_rollback_when_the_dedupe_key_dedupes_nothing() {
        assertThat(runbook("rollback-dedupe-key-dedupes-nothing").failsAt("10")).contains("usage_events_dedupe_key");
    }
}
