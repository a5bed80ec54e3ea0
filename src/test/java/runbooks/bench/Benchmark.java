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
import runbooks.kit.migration.Migrations;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * Prints the figures the README's benchmark section names: time to provision a fresh runbook database,
 * and the MES backfill in month chunks against one INSERT ... SELECT of the same rows (the same derive
 * SQL with a single chunk spanning all history). Run by {@code bash .ci/benchmark}; not a test.
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
        System.out.printf("[bench] provision a fresh runbook database: median %d ms (min %d, max %d, n=%d)%n",
                median(provision), provision.get(0), provision.get(provision.size() - 1), provision.size());

        Target target = LocalTargets.fresh("bench_backfill");
        SqlFiles sql = new SqlFiles(Path.of("sql"), java.util.Optional.empty());
        new Migrations(target, Path.of("sql/mes/migrations")).migrate();
        target.execute(sql.file("mes/fixtures/01_mes_source_bars.sql"));
        SqlFile truncate = sql.file("mes/rollback/7.2_truncate_derived.sql");
        MonthlyBackfill chunked = new MonthlyBackfill("bench", target, List.of(
                new MonthlyBackfill.Derivation("mkt_futures_mes_4h", sql.file("mes/backfill/derive_4h_from_1h.sql"), sql.file("mes/backfill/uncovered_1h.sql")),
                new MonthlyBackfill.Derivation("mkt_futures_mes_1w", sql.file("mes/backfill/derive_1w_from_1d.sql"), sql.file("mes/backfill/uncovered_1d.sql"))),
                Path.of("target/benchmark"));
        Map<String, String> everything = Map.of("runbook.chunk_start", "1900-01-01 00:00+00", "runbook.chunk_end", "2100-01-01 00:00+00");

        List<Long> chunkedMs = new ArrayList<>();
        List<Long> singleMs = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < ROUNDS; i++) {
            target.execute(truncate);
            long t0 = System.nanoTime();
            MonthlyBackfill.Result r = chunked.run(LocalDate.parse("2019-12-01"), Instant.now());
            chunkedMs.add((System.nanoTime() - t0) / 1_000_000);
            rows = r.manifest().inserted();

            target.execute(truncate);
            t0 = System.nanoTime();
            target.execute(sql.file("mes/backfill/derive_4h_from_1h.sql"), everything);
            target.execute(sql.file("mes/backfill/derive_1w_from_1d.sql"), everything);
            singleMs.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(chunkedMs);
        Collections.sort(singleMs);
        System.out.printf("[bench] MES backfill, %d derived rows from %s source rows, median of %d rounds:%n", rows,
                target.read("n", "SELECT (SELECT count(*) FROM mkt_futures_mes_1h) + (SELECT count(*) FROM mkt_futures_mes_1d) AS n").single("n"), ROUNDS);
        System.out.printf("[bench]   month chunks with verification (168 chunks): %d ms = %.0f rows/s%n", median(chunkedMs), rows * 1000.0 / median(chunkedMs));
        System.out.printf("[bench]   one INSERT ... SELECT per table:             %d ms = %.0f rows/s%n", median(singleMs), rows * 1000.0 / median(singleMs));
        System.out.printf("[bench]   chunked / single = %.1fx%n", (double) median(chunkedMs) / median(singleMs));
        System.exit(0);
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
