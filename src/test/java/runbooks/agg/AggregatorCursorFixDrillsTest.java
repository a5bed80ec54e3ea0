package runbooks.agg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.DrillsFor;

/**
 * Defect drills for the aggregator cursor fix runbook: each injects exactly the defect one step exists
 * to catch (an overlay under {@code src/test/resources/drills/agg/}) and asserts that this step, and no
 * other, fails.
 */
@DrillsFor(AggregatorCursorFixRunbookIT.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Aggregator cursor fix runbook defect drills")
class AggregatorCursorFixDrillsTest {

    private static Drill runbook(String overlay) {
        return Drill.of(AggregatorCursorFixRunbookIT.class).overlay("agg/" + overlay);
    }

    /**
     * A defect that lies after the 24-hour watch (step 12): the watch still runs and must pass, over 2 simulated
     * hours instead of 24 (AGG_MONITOR_WINDOW), since nothing it watches is what the drill injects. Used by the
     * drills of steps 13 to 15.
     */
    private static Drill afterTheWatch(String overlay) {
        return runbook(overlay).with("AGG_MONITOR_WINDOW", "2h");
    }

    @Test
    @DisplayName("01 fails when no cursor is ahead: the bug the runbook fixes is not there")
    void should_fail_preflight_when_bug_is_absent() {
        assertThat(runbook("bug-not-present").failsAt("01")).contains("DXY 5m");
    }

    @Test
    @DisplayName("02 fails when the window function no longer returns source_count")
    void should_fail_preflight_when_source_count_is_missing() {
        assertThat(runbook("window-function-without-source-count").failsAt("02"))
                .contains("returns_source_count");
    }

    @Test
    @DisplayName("03 fails when the backup misses rows")
    void should_fail_backup_when_incomplete() {
        assertThat(runbook("incomplete-backup").failsAt("03")).contains("count");
    }

    @Test
    @DisplayName("04 fails when the fix does not deploy cleanly")
    void should_fail_deploy_when_script_errors() {
        assertThat(runbook("fix-fails-to-deploy").failsAt("04")).contains("004_fix_aggregator_cursor.sql failed");
    }

    @Test
    @DisplayName("04 fails when the fix file changes nothing (the function is not replaced)")
    void should_fail_deploy_when_fix_not_applied() {
        assertThat(runbook("fix-not-applied").failsAt("04")).contains("is_a_new_function");
    }

    @Test
    @DisplayName("04 fails when the REVOKE was lost: PUBLIC may still execute the function")
    void should_fail_deploy_when_public_keeps_execute() {
        assertThat(runbook("fix-keeps-public-execute").failsAt("04")).contains("public_can_execute_despite_revoke_all");
    }

    @Test
    @DisplayName("04 fails when the NULL cursor guard is missing (checked by calling it with a NULL cursor)")
    void should_fail_deploy_when_null_guard_missing() {
        assertThat(runbook("fix-without-null-guard").failsAt("04"))
                .contains("null_cursor_guard.sql expected fails saying: NULL");
    }

    @Test
    @DisplayName("05 fails when the deployed function lacks the v_source_rows check step 3 looks for")
    void should_fail_verification_when_source_rows_var_missing() {
        assertThat(runbook("fix-renames-source-rows").failsAt("05")).contains("has_source_rows_var");
    }

    @Test
    @DisplayName("05 fails, naming the key, when the safety answer lacks max_source_ts")
    void should_name_the_missing_key() {
        assertThat(runbook("safety-answer-without-max-source-ts").failsAt("05")).contains("max_source_ts");
    }

    @Test
    @DisplayName("06 fails when the reset leaves cursors ahead (the script's own validation stops it)")
    void should_fail_reset_when_cursors_stay_ahead() {
        assertThat(runbook("reset-leaves-1h-ahead").failsAt("06")).contains("Post-reset validation failed");
    }

    @Test
    @DisplayName("06 fails when the reset moves every cursor, healthy ones too")
    void should_fail_reset_when_over_eager() {
        assertThat(runbook("reset-moves-every-cursor").failsAt("06")).contains("Cursor reset complete");
    }

    @Test
    @DisplayName("06 fails when a reset the script's own validation misses leaves 1h cursors ahead")
    void should_fail_reset_when_it_misses_1h() {
        assertThat(runbook("reset-and-validation-miss-1h").failsAt("06")).contains("DXY 1h: was ahead");
    }

    @Test
    @DisplayName("07 fails when an idle task's next window has no source bars")
    void should_fail_positions_when_next_window_is_empty() {
        assertThat(runbook("source-gap-at-a-cursor").failsAt("07"))
                .contains("source_bars_available = 0 where the document expects > 0 in every row")
                .contains("this row: EURUSD | 5m");
    }

    @Test
    @DisplayName("08 fails when the manual run writes no bars")
    void should_fail_manual_test_when_no_bars_are_written() {
        assertThat(runbook("window-writes-nothing").failsAt("08"))
                .contains("bars in the windows the manual run processed");
    }

    @Test
    @DisplayName("08 fails when the manual run's bars_skipped is wrong")
    void should_fail_manual_test_when_bars_skipped_is_wrong() {
        assertThat(runbook("fix-counts-created-as-skipped").failsAt("08")).contains("bars_skipped");
    }

    @Test
    @DisplayName(
            "09 fails when the view's LAGGING threshold leaves out the task's own window (a state the stand-in never holds)")
    void should_fail_view_when_lagging_threshold_wrong() {
        assertThat(runbook("view-lagging-threshold").failsAt("09"))
                .contains("cursor_status of v_aggregation_frontier_health")
                .contains("GBPUSD 5m=LAGGING");
    }

    @Test
    @DisplayName("09 fails when the monitoring view lacks a column the runbook reads")
    void should_fail_view_when_column_missing() {
        assertThat(runbook("view-without-bars-per-run").failsAt("09")).contains("bars_per_run");
    }

    @Test
    @DisplayName("10 fails when the worker's runs fail (hard_fail_streak > 0)")
    void should_fail_cron_run_when_worker_fails() {
        assertThat(runbook("worker-runs-fail").failsAt("10")).contains("XAUUSD").contains("streak");
    }

    @Test
    @DisplayName("10 fails when a task is left out of the registry and never runs (LAGGING in the health view)")
    void should_fail_cron_run_when_a_task_never_runs() {
        assertThat(runbook("task-left-out-of-registry").failsAt("10")).contains("GBPUSD 1h: LAGGING");
    }

    @Test
    @DisplayName("11 fails when the worker aggregates wrongly (derived bars differ from their 1m source)")
    void should_fail_success_criteria_when_aggregation_is_wrong() {
        assertThat(runbook("wrong-high-aggregation").failsAt("11")).contains("derived bars equal the aggregate");
    }

    @Test
    @DisplayName("12 fails when a task stops producing bars while the market moves")
    void should_fail_monitoring_when_a_feed_stalls() {
        assertThat(Drill.of(AggregatorCursorFixRunbookIT.class)
                        .with("AGG_FEED_SYMBOLS", "EURUSD,DXY,GBPUSD,USDJPY")
                        .failsAt("12"))
                .contains("XAUUSD")
                .contains("no bars created in 4 hours");
    }

    @Test
    @DisplayName("13 fails when the rollback does not restore the backup exactly")
    void should_fail_rollback_when_restore_is_partial() {
        assertThat(afterTheWatch("rollback-restores-5m-only").failsAt("13")).contains("rollback_compare.sql");
    }

    @Test
    @DisplayName("13 fails when the system does not work after the rollback (the worker's next cycle fails)")
    void should_fail_rollback_when_worker_breaks() {
        assertThat(afterTheWatch("rollback-drops-agg-finish").failsAt("13"))
                .contains("the worker's first cycle after the rollback")
                .contains("agg_finish");
    }

    @Test
    @DisplayName(
            "14 fails when the corrected rollback leaves the monitoring view of 006 (schema not as before the deploy)")
    void should_fail_corrected_rollback_when_view_remains() {
        assertThat(afterTheWatch("corrected-rollback-keeps-view").failsAt("14"))
                .contains("schema after the rollback")
                .contains("v_aggregation_frontier_health");
    }

    @Test
    @DisplayName("15 fails when the cleanup leaves the backup table")
    void should_fail_cleanup_when_backup_remains() {
        assertThat(afterTheWatch("cleanup-forgets-backup").failsAt("15")).contains("backup_table");
    }

    @Test
    @DisplayName(
            "14 fails when the corrected rollback brings back a catchup_aggregation_range that answers otherwise than before the deploy")
    void should_fail_rollback_when_old_behaviour_does_not_come_back() {
        assertThat(afterTheWatch("corrected-rollback-needs-two-source-bars").failsAt("14"))
                .contains("catchup_aggregation_range");
    }
}
