package runbooks.agg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.DrillsFor;

/** Defect drills for the Phase 5 redesign runbook, one per step. */
@DrillsFor(Phase5RedesignRunbookIT.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Phase 5 redesign runbook defect drills")
class Phase5RedesignDrillsTest {

    private static Drill runbook(String overlay) {
        return Drill.of(Phase5RedesignRunbookIT.class).overlay("agg/" + overlay);
    }

    /**
     * A defect that lies after the 24-hour watch (step 09): the watch still runs and must pass, over 2 simulated
     * hours instead of 24 (AGG_MONITOR_WINDOW), since nothing it watches is what the drill injects. Used by the
     * drills of steps 10 to 13.
     */
    private static Drill afterTheWatch(String overlay) {
        return runbook(overlay).with("AGG_MONITOR_WINDOW", "2h");
    }

    @Test
    @DisplayName("01 fails when the backup does not hold every row")
    void should_fail_backup_when_partial() {
        assertThat(runbook("partial-backup").failsAt("01")).contains("rows in the backup");
    }

    @Test
    @DisplayName("02 fails when the redesign drops a column (safety gate, with its rule code)")
    void should_fail_review_when_destructive() {
        assertThat(runbook("redesign-drops-a-column").failsAt("02"))
                .contains("drop-column (error): public.data_agg_state.running_since_utc dropped");
    }

    @Test
    @DisplayName("03 fails when the migration's output has a NOTICE")
    void should_fail_apply_on_notice() {
        assertThat(runbook("redesign-prints-a-notice").failsAt("03")).contains("idx_agg_state_due");
    }

    @Test
    @DisplayName("04 fails when a new column has the wrong type")
    void should_fail_columns_on_wrong_type() {
        assertThat(runbook("priority-as-bigint").failsAt("04")).contains("task_priority | bigint | NO");
    }

    @Test
    @DisplayName("05 fails when a function is left SECURITY INVOKER")
    void should_fail_functions_when_invoker() {
        assertThat(runbook("finish-left-security-invoker").failsAt("05"))
                .contains("step3_signatures.sql")
                .contains("agg_finish | text, text, boolean, integer, text, timestamp with time zone | void | f");
    }

    @Test
    @DisplayName("05 fails when a function has the wrong signature (criterion 3)")
    void should_fail_functions_on_wrong_signature() {
        assertThat(runbook("sync-wrong-signature").failsAt("05"))
                .contains("sync_agg_state_from_registry | text, timestamp without time zone");
    }

    @Test
    @DisplayName("06 fails when the index is on the wrong columns")
    void should_fail_index_on_wrong_columns() {
        assertThat(runbook("index-on-wrong-columns").failsAt("06"))
                .contains("(enabled, status, next_run_at_utc, task_priority)");
    }

    @Test
    @DisplayName("06 fails when the index is missing")
    void should_fail_index_when_missing() {
        assertThat(runbook("index-missing").failsAt("06")).contains("step4_index.sql");
    }

    @Test
    @DisplayName("07 fails when a task is hard_failed")
    void should_fail_integrity_when_a_task_is_hard_failed() {
        assertThat(runbook("task-hard-failed").failsAt("07")).contains("hard_failed_count");
    }

    @Test
    @DisplayName("08 fails when agg_bootstrap_cursor answers off a window boundary")
    void should_fail_function_tests_when_bootstrap_is_off_boundary() {
        assertThat(runbook("bootstrap-off-boundary").failsAt("08")).contains("on_boundary");
    }

    @Test
    @DisplayName("08 fails when agg_bootstrap_cursor takes the earlier of agg_start_utc and the first source window")
    void should_fail_function_tests_when_bootstrap_takes_earlier() {
        assertThat(runbook("bootstrap-takes-earlier").failsAt("08"))
                .contains("cursor")
                .contains("2025-07-01");
    }

    @Test
    @DisplayName(
            "08 fails when agg_get_due_tasks claims disabled tasks (a state the stand-in never holds: every task is enabled there)")
    void should_fail_function_tests_when_enabled_ignored() {
        assertThat(runbook("due-tasks-ignore-enabled").failsAt("08")).contains("a disabled task claimed");
    }

    @Test
    @DisplayName(
            "08 fails when sync_agg_state_from_registry also adds tasks whose registry row is inactive (the stand-in has none)")
    void should_fail_function_tests_when_sync_ignores_active() {
        assertThat(runbook("sync-ignores-active").failsAt("08")).contains("tasks_inserted");
    }

    @Test
    @DisplayName("08 fails when agg_get_due_tasks ignores the task priority")
    void should_fail_function_tests_when_priority_ignored() {
        assertThat(runbook("due-tasks-ignore-priority").failsAt("08")).contains("by priority");
    }

    @Test
    @DisplayName("08 fails when sync_agg_state_from_registry never updates a task (its success=true says nothing)")
    void should_fail_function_tests_when_sync_does_not_update() {
        assertThat(runbook("sync-never-updates").failsAt("08")).contains("tasks_updated");
    }

    @Test
    @DisplayName("09 fails when the worker's runs fail")
    void should_fail_monitoring_when_worker_fails() {
        assertThat(runbook("worker-runs-fail").failsAt("09")).contains("XAUUSD");
    }

    @Test
    @DisplayName(
            "09 fails when a task's feed stalls: no derived bar in 24 hours (the daily quality query has no row for it)")
    void should_fail_monitoring_when_a_feed_stalls() {
        assertThat(Drill.of(Phase5RedesignRunbookIT.class)
                        .with("AGG_FEED_SYMBOLS", "EURUSD,DXY,GBPUSD,USDJPY")
                        .failsAt("09"))
                .contains("XAUUSD 5m: no derived bars in the last 24 hours");
    }

    @Test
    @DisplayName("10 fails when agg_start_utc is not 2025-07-01")
    void should_fail_success_criteria_on_wrong_start() {
        assertThat(afterTheWatch("agg-start-too-early").failsAt("10"))
                .contains("5-7, ")
                .contains("agg_start_utc");
    }

    @Test
    @DisplayName("10 fails when the worker aggregates wrongly (criterion 12: derived bars differ from their 1m source)")
    void should_fail_success_criteria_when_aggregation_is_wrong() {
        assertThat(afterTheWatch("wrong-high-aggregation").failsAt("10")).contains("derived bars equal the aggregate");
    }

    @Test
    @DisplayName("11 fails when the runbook's rollback script fails (tried on a copy)")
    void should_fail_rollback_when_script_errors() {
        assertThat(afterTheWatch("rollback-fails").failsAt("11")).contains("idx_agg_state_due_priority_v2");
    }

    @Test
    @DisplayName("12 fails when the corrected rollback script fails")
    void should_fail_corrected_rollback_when_script_errors() {
        assertThat(afterTheWatch("corrected-rollback-fails").failsAt("12")).contains("idx_agg_state_due_priority_v2");
    }

    @Test
    @DisplayName("13 fails when the rollback leaves a column behind")
    void should_fail_rollback_verification_when_a_column_remains() {
        assertThat(afterTheWatch("rollback-leaves-a-column").failsAt("13")).contains("columns");
    }

    @Test
    @DisplayName("13 fails when the rollback drops a function the worker needs (the system does not work again)")
    void should_fail_rollback_verification_when_worker_breaks() {
        assertThat(afterTheWatch("rollback-leaves-worker-broken").failsAt("13")).contains("function agg_finish");
    }

    @Test
    @DisplayName("13 fails when the rollback leaves a function SECURITY DEFINER (schema differs from before 011)")
    void should_fail_rollback_verification_when_schema_differs() {
        assertThat(afterTheWatch("rollback-keeps-security-definer").failsAt("13"))
                .contains("SECURITY DEFINER");
    }

    @Test
    @DisplayName(
            "05 fails when a SECURITY DEFINER function has no search_path of its own (a behaviour probe: called with another search_path it fails)")
    void should_fail_function_check_when_a_definer_takes_the_callers_search_path() {
        assertThat(runbook("finish-without-search-path").failsAt("05")).contains("01_functions_own_search_path");
    }

    @Test
    @DisplayName(
            "13 fails when the rollback's agg_get_due_tasks claims running tasks again (the old function's answers do not come back)")
    void should_fail_rollback_verification_when_old_behaviour_does_not_come_back() {
        assertThat(afterTheWatch("rollback-due-tasks-ignore-running").failsAt("13"))
                .contains("agg_get_due_tasks");
    }
}
