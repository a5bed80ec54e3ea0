package runbooks.kit.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.SqlFile;

class MonthlyBackfillTest {

    @TempDir
    Path dir;

    private static final SqlFile VERIFY = new SqlFile("test/verify.sql", """
            SELECT count(*) AS source_rows, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM dst WHERE dst.day = src.day)) AS uncovered
            FROM src WHERE day >= current_setting('runbook.chunk_start')::timestamptz::date
                       AND day < current_setting('runbook.chunk_end')::timestamptz::date""");

    private static SqlFile derive(String extraCondition) {
        return new SqlFile("test/derive.sql", """
                WITH w AS (INSERT INTO dst (day) SELECT day FROM src
                    WHERE day >= current_setting('runbook.chunk_start')::timestamptz::date
                      AND day < current_setting('runbook.chunk_end')::timestamptz::date %s
                    ON CONFLICT DO NOTHING RETURNING 1)
                SELECT count(*) AS inserted, 0 AS updated FROM w""".formatted(extraCondition));
    }

    /** A fresh database with a source of one row a day from {@code first} to {@code last} and an empty destination. */
    private static Target daysFrom(String first, String last) {
        Target target = LocalTargets.fresh("backfill");
        target.verify().execute(new SqlFile("test/setup.sql", """
                CREATE TABLE src (day date PRIMARY KEY);
                CREATE TABLE dst (day date PRIMARY KEY);
                INSERT INTO src SELECT d::date FROM generate_series('%s'::date, '%s', '1 day') d""".formatted(first, last)));
        return target;
    }

    @Test
    @DisplayName("a retry from the manifest reruns only the failed and partial chunks")
    void should_rerun_only_failed_and_partial_chunks() throws Exception {
        Target target = daysFrom("2024-01-01", "2024-04-30");
        // GIVEN February fails (an error) and March is partial (a filter drops its second half)
        SqlFile broken = derive(
                "AND (1 / (extract(month FROM day)::int - 2)) IS NOT NULL AND NOT (day BETWEEN '2024-03-16' AND '2024-03-31')");
        MonthlyBackfill first = new MonthlyBackfill(
                "test", target, List.of(new MonthlyBackfill.Derivation("dst", broken, VERIFY)), dir);
        MonthlyBackfill.Result run = first.run(LocalDate.parse("2024-01-01"), Instant.parse("2024-04-15T00:00:00Z"));
        assertThat(run.manifest().chunks())
                .extracting(Manifest.Chunk::start, Manifest.Chunk::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2024-01-01", Manifest.Status.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("2024-02-01", Manifest.Status.FAILED),
                        org.assertj.core.groups.Tuple.tuple("2024-03-01", Manifest.Status.PARTIAL),
                        org.assertj.core.groups.Tuple.tuple("2024-04-01", Manifest.Status.SUCCEEDED));
        assertThat(run.manifest().chunks().get(1).error()).contains("division by zero");
        assertThat(Files.readString(run.file())).contains("\"status\" : \"FAILED\"");

        // WHEN the fixed derivation retries from the manifest
        MonthlyBackfill fixed = new MonthlyBackfill(
                "test", target, List.of(new MonthlyBackfill.Derivation("dst", derive(""), VERIFY)), dir);
        MonthlyBackfill.Result retry = fixed.retry(run.file());

        // THEN only February and March ran, and now everything is covered
        assertThat(retry.manifest().chunks())
                .extracting(Manifest.Chunk::start)
                .containsExactly("2024-02-01", "2024-03-01");
        assertThat(retry.allSucceeded()).isTrue();
        assertThat(retry.manifest().retriedFrom()).isEqualTo(run.file().toString());
        assertThat(target.read("dst", "SELECT count(*) AS n FROM dst").single("n"))
                .isEqualTo("121");
    }

    @Test
    @DisplayName(
            "with two workers the manifest lists the chunks in plan order, and its JSON Lines record serves a retry")
    void should_keep_plan_order_with_workers_and_retry_from_the_lines() throws Exception {
        Target target = daysFrom("2023-01-01", "2024-12-31");
        // GIVEN May 2023 fails, on a backfill that runs two chunks at a time
        SqlFile broken = derive(
                "AND (1 / (extract(year FROM day)::int * 100 + extract(month FROM day)::int - 202305)) IS NOT NULL");
        MonthlyBackfill.Result run = new MonthlyBackfill(
                        "test", target, List.of(new MonthlyBackfill.Derivation("dst", broken, VERIFY)), dir, 2)
                .run(LocalDate.parse("2023-01-01"), Instant.parse("2024-12-15T00:00:00Z"));
        // THEN every month is there once, in order, and only May did not succeed
        assertThat(run.manifest().chunks())
                .extracting(Manifest.Chunk::start)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 24)
                        .mapToObj(i -> java.time.YearMonth.of(2023, 1)
                                .plusMonths(i)
                                .atDay(1)
                                .toString())
                        .toList());
        assertThat(run.manifest().notSucceeded())
                .extracting(Manifest.Chunk::start)
                .containsExactly("2023-05-01");
        assertThat(target.read("dst", "SELECT count(*) AS n FROM dst").single("n"))
                .isEqualTo(String.valueOf(731 - 31));

        // WHEN a retry reads the JSON Lines record (what a run cut off leaves) with the fixed derivation
        Path lines =
                run.file().resolveSibling(run.file().getFileName().toString().replace(".json", ".jsonl"));
        assertThat(Files.readAllLines(lines)).hasSize(1 + 24);
        MonthlyBackfill.Result retry = new MonthlyBackfill(
                        "test", target, List.of(new MonthlyBackfill.Derivation("dst", derive(""), VERIFY)), dir, 2)
                .retry(lines);
        // THEN it reran May only, and the source is covered
        assertThat(retry.manifest().chunks()).extracting(Manifest.Chunk::start).containsExactly("2023-05-01");
        assertThat(retry.allSucceeded()).isTrue();
        assertThat(target.read("dst", "SELECT count(*) AS n FROM dst").single("n"))
                .isEqualTo("731");
    }

    @Test
    @DisplayName("a manifest that is not one is one sentence")
    void should_reject_malformed_manifest() throws Exception {
        Path bad = Files.writeString(dir.resolve("manifest.json"), "{ not json");
        assertThatThrownBy(() -> Manifest.read(bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageEndingWith(
                        "pass the manifest.json a backfill run wrote (or, of a run cut off, its manifest.jsonl).");
    }
}
