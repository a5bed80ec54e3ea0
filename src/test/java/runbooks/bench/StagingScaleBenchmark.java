package runbooks.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import runbooks.kit.backfill.MonthlyBackfill;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.migration.PrismaMigrations;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * The MES runbook at staging scale (not a test; {@code bash .ci/benchmark --staging-scale}): a source of at
 * least {@code bench.rows} (default 10 million) 1h bars, a synthetic longer history built by the stand-in's
 * own fixture SQL, then the month-chunk backfill against one INSERT … SELECT of the same rows, each 03.5
 * check's time under the check statement timeout with its plan, and the JVM's peak heap.
 */
public final class StagingScaleBenchmark {

    private static final String SOURCE_END = "2026-11-01";
    private static final List<String> CHECKS = List.of(
            "3.5_counts_and_coverage",
            "3.5_coverage_problems",
            "3.5_ratios",
            "3.5_malformed_bars",
            "3.5_derived_4h_vs_source",
            "3.5_derived_1w_vs_source",
            "3.5_session_gaps");

    public static void main(String[] args) throws Exception {
        long wanted = Long.getLong("bench.rows", 10_000_000L);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        // The stand-in's own bars (Dec 2019 to SOURCE_END), then copies of them further back in time
        // (sql/bench/mes_longer_history.sql) until the 1h source holds at least `wanted` rows.
        var spec = LocalTargets.cluster().createDatabase("bench_staging_scale");
        // The staging environment's timeouts: checks 60 s (check.statement_timeout), writes 30 min.
        Target target = new Target(
                spec,
                new runbooks.kit.database.Expectation(
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.of(spec.database()),
                        java.util.Optional.empty(),
                        "benchmark"),
                new Timeouts(
                        java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofMinutes(30),
                        java.time.Duration.ofSeconds(5)));
        target.verify();
        SqlFiles sql = new SqlFiles(Path.of("sql"), java.util.Optional.empty());
        new PrismaMigrations(target, Path.of("sql/mes/prisma/migrations")).migrate();
        long t0 = System.nanoTime();
        target.verify()
                .execute(
                        sql.file("mes/fixtures/01_mes_source_bars.sql"),
                        Map.of(
                                "runbook.source_start",
                                "2019-12-01 00:00+00",
                                "runbook.source_end",
                                SOURCE_END + " 00:00+00"));
        long base = Long.parseLong(
                target.read("n", "SELECT count(*) AS n FROM mkt_futures_mes_1h").single("n"));
        int copies = (int) Math.max(0, Math.ceil((double) wanted / base) - 1);
        target.verify()
                .execute(sql.file("bench/mes_longer_history.sql"), Map.of("runbook.copies", String.valueOf(copies)));
        LocalDate start = LocalDate.parse("2019-12-01").minusDays(2555L * copies);
        // A staging's source tables have been vacuumed and analyzed by autovacuum long before a deploy; these were just
        // loaded.
        target.verify().script(new SqlFile("vacuum", "VACUUM ANALYZE mkt_futures_mes_1h, mkt_futures_mes_1d;"));
        long sourceRows = Long.parseLong(
                target.read("n", "SELECT count(*) AS n FROM mkt_futures_mes_1h").single("n"));
        long dailyRows = Long.parseLong(
                target.read("n", "SELECT count(*) AS n FROM mkt_futures_mes_1d").single("n"));
        System.out.printf(
                "[bench] staging scale: %,d 1h and %,d 1d source bars from %s to %s (the stand-in's bars and %d copies"
                        + " further back), built in %d s%n",
                sourceRows, dailyRows, start, SOURCE_END, copies, (System.nanoTime() - t0) / 1_000_000_000);

        SqlFile truncate = sql.file("mes/rollback/7.2_truncate_derived.sql");
        Map<String, String> everything =
                Map.of("runbook.chunk_start", "0001-01-01 00:00+00", "runbook.chunk_end", "2100-01-01 00:00+00");
        t0 = System.nanoTime();
        target.verify().execute(sql.file("mes/backfill/derive_4h_from_1h.sql"), everything);
        target.verify().execute(sql.file("mes/backfill/derive_1w_from_1d.sql"), everything);
        long singleMs = (System.nanoTime() - t0) / 1_000_000;
        long derived = Long.parseLong(target.read(
                        "n",
                        "SELECT (SELECT count(*) FROM mkt_futures_mes_4h) + (SELECT count(*) FROM mkt_futures_mes_1w) AS n")
                .single("n"));

        // Month chunks one at a time (the runbook's script), then `bench.workers` at a time, each on a session of its
        // own.
        int workers = Integer.getInteger("bench.workers", 2);
        System.out.printf(
                "[bench] backfill of %,d derived rows from %,d source rows:%n", derived, sourceRows + dailyRows);
        System.out.printf(
                "[bench]   one INSERT ... SELECT per table: %,d ms = %,.0f source rows/s%n",
                singleMs, (sourceRows + dailyRows) * 1000.0 / singleMs);
        for (int w : workers == 1 ? List.of(1) : List.of(1, workers)) {
            target.verify().execute(truncate);
            MonthlyBackfill chunked = new MonthlyBackfill(
                    "bench",
                    target,
                    List.of(
                            new MonthlyBackfill.Derivation(
                                    "mkt_futures_mes_4h",
                                    sql.file("mes/backfill/derive_4h_from_1h.sql"),
                                    sql.file("mes/backfill/uncovered_1h.sql")),
                            new MonthlyBackfill.Derivation(
                                    "mkt_futures_mes_1w",
                                    sql.file("mes/backfill/derive_1w_from_1d.sql"),
                                    sql.file("mes/backfill/uncovered_1d.sql"))),
                    Files.createDirectories(Path.of("target/benchmark/staging-scale")),
                    w);
            t0 = System.nanoTime();
            MonthlyBackfill.Result r =
                    chunked.run(start, Instant.parse(SOURCE_END + "T00:00:00Z").minusSeconds(1));
            long chunkedMs = (System.nanoTime() - t0) / 1_000_000;
            long inChunks =
                    r.manifest().chunks().stream().mapToLong(c -> c.millis()).sum();
            System.out.printf(
                    "[bench]   month chunks with verification and manifest, %d at a time (%,d chunks, all succeeded: %s): %,d ms = %,.0f source rows/s;"
                            + " %,d ms inside the chunks' transactions (derive + verify, summed over the workers)%n",
                    w,
                    r.manifest().chunks().size(),
                    r.allSucceeded(),
                    chunkedMs,
                    (sourceRows + dailyRows) * 1000.0 / chunkedMs,
                    inChunks);
            System.out.printf(
                    "[bench]   chunked throughput, %d at a time / single statement = %.2fx (goal >= 0.8x)%n",
                    w, (double) singleMs / chunkedMs);
        }

        Path plans = Files.createDirectories(Path.of("target/benchmark/staging-scale/plans"));
        Map<String, String> coverage = Map.of("runbook.coverage_start", start.toString());
        for (String check : CHECKS) {
            SqlFile file = sql.file("mes/checks/" + check + ".sql");
            long c0 = System.nanoTime();
            String outcome;
            try {
                int rows = target.query(file, coverage).size();
                outcome = rows + " rows";
            } catch (RuntimeException e) {
                outcome = "FAILED: " + String.valueOf(e.getMessage()).split("\n")[0];
            }
            long ms = (System.nanoTime() - c0) / 1_000_000;
            String plan = explain(target, file, coverage);
            boolean usesIndex = plan.contains("Index Scan")
                    || plan.contains("Index Only Scan")
                    || plan.contains("Bitmap Index Scan");
            Path planFile = plans.resolve(check + ".txt");
            Files.writeString(planFile, plan);
            System.out.printf(
                    "[bench]   %-26s %,7d ms (%s; check.statement_timeout 60 s)  index: %s%s%n",
                    check, ms, outcome, usesIndex ? "yes" : "no", usesIndex ? "" : ", plan in " + planFile);
        }

        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        System.out.printf(
                "[bench]   JVM peak heap during the run: %,d MiB (max heap %,d MiB)%n",
                peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.exit(0);
    }

    /** The check's plan ({@code EXPLAIN}, not run again), with the same settings. */
    private static String explain(Target target, SqlFile file, Map<String, String> settings) throws Exception {
        try (Connection c = Connections.open(target.spec());
                Statement s = c.createStatement()) {
            for (var e : settings.entrySet()) {
                s.execute("SET " + e.getKey() + " = '" + e.getValue() + "'");
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN " + file.text().strip().replaceFirst(";\\s*$", ""))) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }
}
