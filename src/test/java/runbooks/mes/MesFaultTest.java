package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.junit.Drill;
import runbooks.kit.sql.SqlFile;

/**
 * Faults a run meets on a living target, each injected on a database of the local cluster the tests start: a lock another
 * session holds, the server going away mid-backfill (its sessions terminated, as a restart does to its clients), a
 * read-only database. Each stops the run with one sentence that says what to do, is an infrastructure error (not a
 * deployment defect), writes nothing it should not, and the re-run continues.
 */
class MesFaultTest {

    private static final String LATER_MONTHS = "DELETE FROM mkt_futures_mes_4h WHERE \"eventTime\" >= '2024-03-01';"
            + " DELETE FROM mkt_futures_mes_1w WHERE \"eventDate\" >= '2024-03-01';";

    @TempDir
    Path environments;

    @TempDir
    Path evidence;

    private static Drill.Step step(List<Drill.Step> steps, String section) {
        return steps.stream()
                .filter(s -> s.name().startsWith(section + " "))
                .findFirst()
                .orElseThrow();
    }

    private static String fingerprint(Target target) {
        return target.read(
                        "fingerprint",
                        "SELECT (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS rels,"
                                + " (SELECT count(*) FROM _prisma_migrations) AS journal, (SELECT count(*) FROM mkt_futures_mes_1h) AS bars")
                .toCsv();
    }

    @Test
    @DisplayName(
            "a lock held by another session: the backfill stops at once naming the holder and lock_timeout; the server going away"
                    + " mid-backfill: one sentence, not a chunk failure per month; each re-run continues and ends complete")
    void should_stop_on_a_lock_or_a_lost_server_and_continue() throws Exception {
        StagingShaped staging = new StagingShaped(environments, evidence, "mes_faults", "");
        assertThat(staging.run().run()).noneMatch(s -> s.outcome().equals("failed"));
        Target admin = LocalTargets.on(staging.db);
        admin.verify().execute(new SqlFile("cut off", LATER_MONTHS));

        // A lock: another session holds SHARE on the 4h table, which the backfill's upsert needs ROW EXCLUSIVE on.
        try (Connection holder = Connections.open(staging.db.withApplication("dba-console"));
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE mkt_futures_mes_4h IN SHARE MODE");
            String message = staging.run().failsAt("03.4.2");
            assertThat(message)
                    .startsWith("A backfill chunk waited longer than lock_timeout PT5S")
                    .contains("for a lock and stopped after 0 of")
                    .contains("pid ")
                    .contains("(dba-console, ")
                    .contains("ShareLock on mkt_futures_mes_4h")
                    .contains("Re-run when that session is done");
            holder.rollback();
        }

        // The server goes away: the backfill's session is terminated while it waits (a restart ends every client
        // session so);
        // lock_timeout raised so that the wait, not its timeout, is what the termination meets.
        Files.writeString(
                environments.resolve("staging.properties"),
                "lock_timeout=60s\n",
                java.nio.file.StandardOpenOption.APPEND);
        CompletableFuture<Void> restart;
        try (Connection holder = Connections.open(staging.db.withApplication("dba-console"));
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE mkt_futures_mes_4h IN SHARE MODE");
            restart = CompletableFuture.runAsync(() -> await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.read(
                                    "terminate",
                                    "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database()"
                                            + " AND application_name = 'runbooks/mes/staging' AND wait_event_type = 'Lock'")
                            .single("n")
                            .equals("1")));
            Drill.Step cut = step(staging.run().run(), "03.4.2");
            restart.get();
            assertThat(cut.outcome()).isEqualTo("failed");
            assertThat(cut.detail())
                    .startsWith("The backfill lost its connection to localhost:")
                    .contains("after 0 of")
                    .contains("the chunks done are committed")
                    .contains("re-run the runbook: it reads the chunks left off the target");
            holder.rollback();
        }
        List<Drill.Step> rerun = staging.run().run();
        assertThat(rerun).noneMatch(s -> s.outcome().equals("failed"));
        assertThat(admin.read(
                                "left",
                                "SELECT count(*) AS n FROM mkt_futures_mes_4h WHERE \"eventTime\" >= '2024-03-01'")
                        .single("n"))
                .isNotEqualTo("0");
        admin.close();
        // Every run kept a folder of its own, each complete: the passing deploy's among them, untouched by the runs
        // after it.
        try (var runs = Files.list(staging.runbookEvidence())) {
            List<Path> folders = runs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().equals("latest"))
                    .sorted()
                    .toList();
            assertThat(folders).hasSize(4);
            folders.forEach(f -> assertThat(EvidenceFolder.verify(f))
                    .as("evidence of %s", f.getFileName())
                    .isEmpty());
        }
    }

    @Test
    @DisplayName(
            "a read-only database (default_transaction_read_only) is refused before the first write, in one sentence; nothing changes")
    void should_refuse_a_read_only_database() throws IOException {
        StagingShaped staging = new StagingShaped(environments, evidence, "mes_read_only", "");
        Target admin = LocalTargets.on(staging.db);
        String before = fingerprint(admin);
        admin.verify()
                .script(new SqlFile(
                        "read-only",
                        "ALTER DATABASE " + staging.db.database() + " SET default_transaction_read_only = on;"));
        assertThat(staging.run().failsAt("03.2"))
                .contains("its sessions are read-only (default_transaction_read_only is on")
                .contains("ALTER DATABASE ... SET default_transaction_read_only = off");
        assertThat(fingerprint(admin)).isEqualTo(before);
        admin.close();
    }
}
