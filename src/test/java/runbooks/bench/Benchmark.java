package runbooks.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import runbooks.kit.backfill.MonthlyBackfill;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.migration.PrismaMigrations;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * Prints the figures docs/ci.md's benchmark section names: time to provision a fresh runbook database,
 * and the MES backfill in month chunks against one INSERT ... SELECT of the same rows (the same derive
 * SQL with a single chunk spanning all history), and the safety gate over its corpus against applying the
 * same migrations plainly. Run by {@code bash .ci/benchmark}; not a test.
 */
public final class Benchmark {

    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        LocalCluster cluster = LocalTargets.cluster();
        System.out.println("[bench] local PostgreSQL: " + cluster.description());

        List<Long> provision = measure(10, () -> {
            long t0 = System.nanoTime();
            cluster.createDatabase("bench_provision");
            return (System.nanoTime() - t0) / 1_000_000;
        });
        System.out.printf(
                "[bench] provision a fresh runbook database: median %d ms (min %d, max %d, n=%d)%n",
                median(provision), provision.get(0), provision.get(provision.size() - 1), provision.size());

        Target target = LocalTargets.fresh("bench_backfill");
        SqlFiles sql = new SqlFiles(Path.of("sql"), java.util.Optional.empty());
        new PrismaMigrations(target, Path.of("sql/mes/prisma/migrations")).migrate();
        target.verify().execute(sql.file("mes/fixtures/01_mes_source_bars.sql"));
        SqlFile truncate = sql.file("mes/rollback/7.2_truncate_derived.sql");
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
                Path.of("target/benchmark"));
        Map<String, String> everything =
                Map.of("runbook.chunk_start", "1900-01-01 00:00+00", "runbook.chunk_end", "2100-01-01 00:00+00");

        List<Long> chunkedMs = new ArrayList<>();
        List<Long> singleMs = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < ROUNDS; i++) {
            target.verify().execute(truncate);
            long t0 = System.nanoTime();
            MonthlyBackfill.Result r = chunked.run(LocalDate.parse("2019-12-01"), Instant.now());
            chunkedMs.add((System.nanoTime() - t0) / 1_000_000);
            rows = r.manifest().inserted();

            target.verify().execute(truncate);
            t0 = System.nanoTime();
            target.verify().execute(sql.file("mes/backfill/derive_4h_from_1h.sql"), everything);
            target.verify().execute(sql.file("mes/backfill/derive_1w_from_1d.sql"), everything);
            singleMs.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(chunkedMs);
        Collections.sort(singleMs);
        System.out.printf(
                "[bench] MES backfill, %d derived rows from %s source rows, median of %d rounds:%n",
                rows,
                target.read(
                                "n",
                                "SELECT (SELECT count(*) FROM mkt_futures_mes_1h) + (SELECT count(*) FROM mkt_futures_mes_1d) AS n")
                        .single("n"),
                ROUNDS);
        System.out.printf(
                "[bench]   month chunks with verification (168 chunks): %d ms = %.0f rows/s%n",
                median(chunkedMs), rows * 1000.0 / median(chunkedMs));
        System.out.printf(
                "[bench]   one INSERT ... SELECT per table:             %d ms = %.0f rows/s%n",
                median(singleMs), rows * 1000.0 / median(singleMs));
        System.out.printf("[bench]   chunked / single = %.1fx%n", (double) median(chunkedMs) / median(singleMs));
        gateAgainstPlainApply(cluster);
        System.exit(0);
    }

    /** The safety gate over the corpus, against applying the same migrations plainly, statement by statement. */
    private static void gateAgainstPlainApply(LocalCluster cluster) {
        List<Double> ratios = new ArrayList<>();
        long gateTotal = 0;
        long plainTotal = 0;
        try (var files = java.nio.file.Files.list(Path.of("src/test/resources/gate-corpus"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String[] parts = java.nio.file.Files.readString(file).split("(?m)^-- migration\\s*$", 2);
                Path migration =
                        java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("V2__", ".sql"), parts[1]);
                var plainDb = withSchema(cluster, parts[0]);
                long t0 = System.nanoTime();
                try (var c = runbooks.kit.database.Connections.open(plainDb)) {
                    for (var st : runbooks.kit.sql.Statements.of(
                            migration.getFileName().toString(),
                            java.nio.file.Files.readString(migration),
                            runbooks.kit.database.PsqlSplitter.on(plainDb))) {
                        try (var s = c.createStatement()) {
                            s.execute(st.sql());
                        } catch (java.sql.SQLException e) {
                            break;
                        }
                    }
                }
                long plain = System.nanoTime() - t0;
                var gateDb = withSchema(cluster, parts[0]);
                t0 = System.nanoTime();
                new runbooks.kit.gate.SafetyGate(gateDb, 170000, java.time.Duration.ofSeconds(2))
                        .inspect(List.of(migration));
                long gate = System.nanoTime() - t0;
                gateTotal += gate;
                plainTotal += plain;
                ratios.add((double) gate / plain);
            }
        } catch (java.io.IOException | java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Collections.sort(ratios);
        System.out.printf(
                "[bench] safety gate over %d corpus migrations: %d ms in all against %d ms applied plainly; ratio %.1fx overall,"
                        + " median %.1fx per migration (min %.1fx, max %.1fx)%n",
                ratios.size(),
                gateTotal / 1_000_000,
                plainTotal / 1_000_000,
                (double) gateTotal / plainTotal,
                ratios.get(ratios.size() / 2),
                ratios.get(0),
                ratios.get(ratios.size() - 1));
    }

    private static runbooks.kit.database.ConnectionSpec withSchema(LocalCluster cluster, String sql)
            throws java.sql.SQLException {
        var spec = cluster.createDatabase("bench_gate");
        try (var c = runbooks.kit.database.Connections.open(spec);
                var s = c.createStatement()) {
            s.execute(sql);
        }
        return spec;
    }

    private static List<Long> measure(int n, LongSupplier one) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(one.getAsLong());
        }
        Collections.sort(out);
        return out;
    }

    private static long median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
