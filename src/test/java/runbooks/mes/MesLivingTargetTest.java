package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.junit.Drill;
import runbooks.kit.sql.SqlFile;

/**
 * The MES runbook on a living target: a database of the local cluster configured as a staging (it outlives a run),
 * brought to the pre-deploy state as {@code prepare-staging.sh} does, then run again and again with nothing prepared in
 * between. The first run deploys; the next verifies; a target changed since, one cut off part-way or holding an
 * unfinished migration gets what its state calls for.
 */
class MesLivingTargetTest {

    @TempDir
    Path environments;

    @TempDir
    Path evidence;

    private StagingShaped target;

    private ConnectionSpec staging(String name) throws IOException {
        target = new StagingShaped(environments, evidence, name, "");
        return target.db;
    }

    private Drill run() {
        return target.run();
    }

    private static List<String> failed(List<Drill.Step> steps) {
        return steps.stream()
                .filter(s -> s.outcome().equals("failed"))
                .map(Drill.Step::toString)
                .toList();
    }

    private static Drill.Step step(List<Drill.Step> steps, String section) {
        return steps.stream()
                .filter(s -> s.name().startsWith(section + " "))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName(
            "run 1 deploys; run 2, nothing prepared in between, passes as a verification run; an index dropped since fails run 3 at 03.3")
    void should_verify_a_deployed_target_and_catch_drift() throws IOException {
        ConnectionSpec db = staging("mes_living");
        List<Drill.Step> first = run().run();
        assertThat(failed(first)).as("run 1 (deploy)").isEmpty();
        assertThat(step(first, "03.2").outcome()).isEqualTo("successful");

        List<Drill.Step> second = run().run();
        assertThat(failed(second)).as("run 2 (verify)").isEmpty();
        for (String writing : List.of("02", "03.2", "03.4.2", "03.4.3", "07.2")) {
            assertThat(step(second, writing).outcome()).as(writing).isEqualTo("skipped");
            assertThat(step(second, writing).detail())
                    .as(writing)
                    .startsWith("Verification run: the deploy is already complete")
                    .contains("20260227153000_add_mes_4h_1w_tables applied, started");
        }
        for (String check : List.of("03.1", "03.3", "03.4.1", "03.5.1", "03.5.4")) {
            assertThat(step(second, check).outcome()).as(check).isEqualTo("successful");
        }
        assertThat(Files.readString(evidence.resolve("mes").resolve(EvidenceFolder.APPLY_LOG)))
                .contains("- Run mode: deploy (not started")
                .contains("- Run mode: verify (complete");

        Target target = LocalTargets.on(db);
        target.verify().script(new SqlFile("drift", "DROP INDEX \"mkt_futures_mes_4h_eventTime_key\";"));
        target.close();
        assertThat(run().failsAt("03.3")).contains("mkt_futures_mes_4h");
    }

    @Test
    @DisplayName(
            "an apply cut off by Ctrl-C or a kill (no logs, rolled back by the server) is recorded as prisma migrate"
                    + " resolve --rolled-back records it, and the re-run deploys to the end (issue 31 point 16)")
    void should_continue_after_an_interrupted_apply() throws IOException {
        ConnectionSpec db = staging("mes_interrupted_apply");
        Target target = LocalTargets.on(db);
        target.verify()
                .execute(
                        new SqlFile(
                                "interrupted",
                                "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)"
                                        + " VALUES ('00000000-0000-4000-8000-00000000a16e', 'x', '20260227153000_add_mes_4h_1w_tables', now());"));
        target.close();
        List<Drill.Step> steps = run().run();
        assertThat(failed(steps)).as("the re-run").isEmpty();
        assertThat(step(steps, "03.2").outcome()).isEqualTo("successful");
        Target after = LocalTargets.on(db);
        assertThat(after.read(
                                "rows",
                                "SELECT string_agg(CASE WHEN rolled_back_at IS NOT NULL THEN 'rolled back' WHEN finished_at"
                                        + " IS NOT NULL THEN 'finished' ELSE 'unfinished' END, ',' ORDER BY started_at) AS s"
                                        + " FROM _prisma_migrations WHERE migration_name = '20260227153000_add_mes_4h_1w_tables'")
                        .single("s"))
                .isEqualTo("rolled back,finished");
        after.close();
    }

    @Test
    @DisplayName(
            "a failed migration (its error in logs) stops the run at its first deploy step with Prisma's P3009 and remedy")
    void should_stop_on_an_unfinished_migration() throws IOException {
        ConnectionSpec db = staging("mes_unfinished");
        Target target = LocalTargets.on(db);
        target.verify()
                .execute(new SqlFile(
                        "unfinished",
                        // Failed with an error (its logs set): an apply interrupted without logs is recorded as rolled
                        // back and applied again (BadInputAndFaultsTest).
                        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, logs)"
                                + " VALUES ('00000000-0000-4000-8000-000000000001', 'x', '20260227153000_add_mes_4h_1w_tables', now(),"
                                + " 'ERROR: canceling statement due to lock timeout');"));
        String before = target.read(
                        "tables",
                        "SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace")
                .single("t");
        target.close();
        assertThat(run().failsAt("02"))
                .startsWith("Partial deploy on the target, stopping before any write: P3009")
                .contains("20260227153000_add_mes_4h_1w_tables")
                .contains("prisma migrate resolve --rolled-back or --applied");
        Target after = LocalTargets.on(db);
        assertThat(after.read(
                                "tables",
                                "SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace")
                        .single("t"))
                .as("relations after the refused run")
                .isEqualTo(before);
        after.close();
    }

    @Test
    @DisplayName(
            "a backfill cut off after chunk N (the months from N on lost) continues from N on the re-run and ends with the bars of an uninterrupted run")
    void should_continue_a_backfill_cut_off() throws IOException {
        ConnectionSpec db = staging("mes_cut_off");
        assertThat(failed(run().run())).as("the uninterrupted run").isEmpty();
        Target target = LocalTargets.on(db);
        SqlFile content = new SqlFile(
                "content",
                "SELECT md5(string_agg(concat_ws('|', \"eventTime\", open, high, low, close, volume), ',' ORDER BY \"eventTime\")) AS h4,"
                        + " (SELECT md5(string_agg(concat_ws('|', \"eventDate\", open, high, low, close, volume), ',' ORDER BY \"eventDate\")) FROM mkt_futures_mes_1w) AS w1"
                        + " FROM mkt_futures_mes_4h;");
        String uninterrupted = target.query(content).toCsv();
        // What a run stopped after the chunks before 2024-03 leaves: those months written, the later ones not.
        target.verify()
                .execute(new SqlFile(
                        "cut off",
                        "DELETE FROM mkt_futures_mes_4h WHERE \"eventTime\" >= '2024-03-01';"
                                + " DELETE FROM mkt_futures_mes_1w WHERE \"eventDate\" >= '2024-03-01';"));
        target.close();

        List<Drill.Step> rerun = run().run();
        assertThat(failed(rerun)).as("the re-run").isEmpty();
        assertThat(step(rerun, "03.2").detail()).startsWith("Already applied by an earlier run");
        Target after = LocalTargets.on(db);
        assertThat(after.query(content).toCsv())
                .as("bars after the continued backfill, against the uninterrupted run's")
                .isEqualTo(uninterrupted);
        after.close();
        Path manifest;
        try (var files = Files.list(evidence.resolve("mes").resolve("latest"))) {
            manifest = files.filter(f -> f.getFileName().toString().matches("\\d+-03\\.4\\.2-manifest-.*\\.json"))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> starts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest.toFile())
                .path("chunks")
                .findValuesAsText("start");
        assertThat(starts)
                .as(
                        "chunks the re-run ran (%s): the months from the cut-off on, and only those",
                        manifest.getFileName())
                .isNotEmpty()
                .allSatisfy(start -> assertThat(start).isGreaterThanOrEqualTo("2024-03-01"));
    }
}
