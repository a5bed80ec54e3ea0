package runbooks.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import runbooks.kit.backup.PgClient;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.DrillsFor;

/**
 * Each step of the backtest results runbook fails on exactly the defect it exists to catch. The drills run
 * without the stand-in's extra volume (BACKTEST_STAND_IN_VOLUME=0): the plan checks must hold on a small table too.
 */
@DrillsFor(BacktestResultsDeployRunbookIT.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Backtest results schema deploy (003/005/006) defect drills")
class BacktestResultsDeployDrillsTest {

    /** No stand-in volume, and five timed runs per §6.2 query instead of thirty: no drill is about the timings' spread. */
    private static Drill runbook() {
        return Drill.of(BacktestResultsDeployRunbookIT.class)
                .with("BACKTEST_STAND_IN_VOLUME", "0")
                .with("BACKTEST_SLA_RUNS", "5");
    }

    private static Drill runbook(String defect) {
        return runbook().overlay("backtest/" + defect);
    }

    /** A folder holding psql and a pg_dump wrapper: the real one's version, and {@code body} for everything else. */
    private static Path pgBin(Path dir, String body) throws Exception {
        PgClient real = PgClient.find(java.util.Optional.empty(), 15);
        Path dump = dir.resolve("pg_dump");
        Files.writeString(
                dump,
                "#!/bin/sh\nif [ \"$1\" = --version ]; then exec '" + real.pgDump() + "' --version; fi\n" + body
                        + "\n");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("psql"), real.psql());
        return dir;
    }

    @Test
    @DisplayName("01 fails when a migration is half applied (005's cache key column added by hand)")
    void should_fail_pre_deployment_when_a_migration_is_half_applied() {
        assertThat(runbook("half-applied-005").failsAt("01"))
                .contains("partial")
                .contains("005");
    }

    @Test
    @DisplayName("02 fails when pg_dump cannot take the backup (it exits with an error)")
    void should_fail_backups_when_pg_dump_fails(@TempDir Path dir) throws Exception {
        Path bin = pgBin(
                dir, "echo 'pg_dump: error: connection to server failed: FATAL: too many connections' >&2\nexit 1");
        assertThat(runbook().with("PG_BIN", bin.toString()).failsAt("02")).contains("too many connections");
    }

    @Test
    @DisplayName("03 fails when a backup does not restore (the full backup truncated half way)")
    void should_fail_restore_check_when_backup_is_truncated(@TempDir Path dir) throws Exception {
        PgClient real = PgClient.find(java.util.Optional.empty(), 15);
        // Runs the real pg_dump, then cuts the full backup (the one written with --clean) in half, as a full disk
        // would.
        Path bin = pgBin(
                dir,
                "'" + real.pgDump() + "' \"$@\" || exit $?\ncase \"$*\" in *--clean*) ;; *) exit 0 ;; esac\n"
                        + "for a in \"$@\"; do if [ \"$prev\" = -f ]; then f=$a; fi; prev=$a; done\n"
                        + "size=$(wc -c < \"$f\"); head -c $((size / 2)) \"$f\" > \"$f.part\" && mv \"$f.part\" \"$f\"");
        assertThat(runbook().with("PG_BIN", bin.toString()).failsAt("03")).contains("backtest_schema_backup_");
    }

    @Test
    @DisplayName("04 fails when a migration builds an index on the existing table without CONCURRENTLY")
    void should_fail_gate_when_index_built_under_lock() {
        assertThat(runbook("unsafe-index-in-006").failsAt("04"))
                .contains("index-without-concurrently")
                .contains("market_structure_results_symbol");
    }

    @Test
    @DisplayName(
            "05 fails when a migration fails on the target's rows (a check the stored results violate), which a schema-only rehearsal cannot see")
    void should_fail_apply_when_migration_fails_on_data() {
        assertThat(runbook("apply-fails-on-data").failsAt("05")).contains("market_structure_results_profitable_check");
    }

    @Test
    @DisplayName("06 fails when 005 leaves out a metric column")
    void should_fail_schema_when_metric_column_missing() {
        assertThat(runbook("metric-column-missing").failsAt("06")).contains("sortino_ratio");
    }

    @Test
    @DisplayName("06 fails when the cache key index has its columns in the wrong order")
    void should_fail_schema_when_cache_index_columns_wrong() {
        assertThat(runbook("cache-index-wrong-columns").failsAt("06"))
                .contains("idx_backtest_cache_key")
                .contains("created_at DESC, cache_key");
    }

    @Test
    @DisplayName("06 fails when 005 rebuilds the results table without the application's privileges")
    void should_fail_schema_when_grants_lost() {
        assertThat(runbook("grants-lost").failsAt("06")).contains("backtest_app INSERT on market_structure_results");
    }

    @Test
    @DisplayName(
            "07 fails when 005's status check leaves out an allowed value ('failed'): its accepting probe is rejected")
    void should_fail_constraints_when_an_allowed_status_is_refused() {
        assertThat(runbook("status-list-narrowed").failsAt("07"))
                .contains(
                        "33_status_failed.sql expected accepted but was rejected by market_structure_results_status_check");
    }

    @Test
    @DisplayName(
            "07 fails when 005's rate check has the wrong bound (loss_rate up to 10): its rejecting probe is accepted")
    void should_fail_constraints_when_a_bound_is_wrong() {
        assertThat(runbook("loss-rate-unbounded").failsAt("07"))
                .contains(
                        "15_loss_rate_above_one.sql expected rejected by market_structure_results_rates_check but was accepted");
    }

    @Test
    @DisplayName("07 fails when 005 forgets the check that keeps rates between 0 and 1")
    void should_fail_constraints_when_rate_check_missing() {
        assertThat(runbook("rates-check-missing").failsAt("07")).contains("05_win_rate_above_one.sql");
    }

    @Test
    @DisplayName(
            "08 fails when 005 computes the win rate wrongly (over won and lost trades, leaving breakeven trades out)")
    void should_fail_data_check_when_value_recomputed_wrongly() {
        assertThat(runbook("win-rate-miscomputed").failsAt("08")).contains("win_rate");
    }

    @Test
    @DisplayName("09 fails when a health endpoint answers 503")
    void should_fail_services_when_health_check_fails() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
            assertThat(runbook().with("BACKTEST_HEALTH_URLS", url).failsAt("09"))
                    .contains("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    @DisplayName("10 fails when the optimisation rebuilds an index without CONCURRENTLY")
    void should_fail_optimize_when_reindex_blocks_writes() {
        assertThat(runbook("optimize-without-concurrently").failsAt("10"))
                .contains("index-without-concurrently")
                .contains("idx_backtest_cache_key");
    }

    @Test
    @DisplayName(
            "11 fails when the cache-key lookup cannot use its index (lower(cache_key)), even on a table of a few rows")
    void should_fail_performance_when_lookup_cannot_use_index() {
        assertThat(runbook("lookup-cannot-use-index").failsAt("11"))
                .contains("cache key lookup cannot use idx_backtest_cache_key");
    }

    @Test
    @DisplayName("11 fails when a trigger slows every insert past the 100 ms of §6.2")
    void should_fail_performance_when_insert_is_slow() {
        assertThat(runbook("slow-insert-trigger").failsAt("11"))
                .contains("backtest result insertion: p95")
                .contains("< 100 ms");
    }

    @Test
    @DisplayName("12 fails when pg_stat_statements does not track the database's statements")
    void should_fail_query_statistics_when_not_tracked() {
        assertThat(runbook("statements-not-tracked").failsAt("12")).contains("is not in pg_stat_statements");
    }

    @Test
    @DisplayName(
            "13 fails when index usage is not counted (track_counts off), at a size where the §6.2 queries use their indexes")
    void should_fail_index_usage_when_not_counted() {
        // At 20,000 results the timed queries use their indexes, so their scans must be counted.
        assertThat(runbook("counters-off")
                        .with("BACKTEST_STAND_IN_VOLUME", "20000")
                        .failsAt("13"))
                .contains("index scans of the §6.2 queries counted");
    }

    @Test
    @DisplayName("15 fails when the restore loses rows (a post-restore \"tidy up\" deletes results)")
    void should_fail_rollback_when_restore_loses_rows() {
        assertThat(runbook("restore-loses-rows").failsAt("15")).contains("results after the restore");
    }

    @Test
    @DisplayName(
            "15 fails when the restore loses the cache's primary key (a behaviour probe: two cache rows with one id are stored)")
    void should_fail_rollback_when_the_restored_cache_takes_duplicate_ids() {
        assertThat(runbook("restore-drops-cache-key").failsAt("15")).contains("backtest_cache_pkey");
    }
}
