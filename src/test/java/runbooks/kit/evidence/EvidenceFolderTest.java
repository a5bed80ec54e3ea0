package runbooks.kit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's evidence folder: sha256sum accepts its sums, and the verify command names a tampered file. */
class EvidenceFolderTest {

    @TempDir
    Path dir;

    private EvidenceFolder run(String entry) {
        return run(EvidenceFolder.open(dir, dir), entry);
    }

    private EvidenceFolder run(EvidenceFolder folder, String entry) {
        folder.beginStep("03.2 Apply migration");
        Evidence.sql("applying 20260227153000_add/migration.sql", "CREATE TABLE t (id int);\n");
        Evidence.text("prisma migrate status", "Database schema is up to date!\n");
        assertThat(folder.endStep()).contains("001-03.2-applying-20260227153000-add-migration.sql.sql");
        folder.finish(entry);
        return folder;
    }

    @Test
    @DisplayName(
            "each run writes a folder of its own (attachments, SHA256SUMS that sha256sum -c accepts, its apply-log entry); the runbook's apply log keeps every run's; latest points at the newest; nothing of an earlier run changes")
    void should_write_files_sums_and_apply_log() throws Exception {
        java.time.Instant start = java.time.Instant.parse("2026-12-01T20:45:01Z");
        EvidenceFolder first = run(EvidenceFolder.newRun(dir, start), "\n## first run\n");
        String firstSums = Files.readString(first.dir().resolve(EvidenceFolder.SUMS));
        EvidenceFolder second = run(EvidenceFolder.newRun(dir, start), "\n## second run\n");
        assertThat(first.dir().getFileName()).hasToString("20261201T204501Z");
        assertThat(second.dir().getFileName()).hasToString("20261201T204501Z-2");
        assertThat(Files.readString(dir.resolve(EvidenceFolder.APPLY_LOG)))
                .contains("## first run")
                .contains("## second run");
        assertThat(Files.readString(second.dir().resolve(EvidenceFolder.APPLY_LOG)))
                .contains("## second run")
                .doesNotContain("## first run");
        assertThat(Files.readString(first.dir().resolve(EvidenceFolder.SUMS))).isEqualTo(firstSums);
        assertThat(dir.resolve("latest").toRealPath()).isEqualTo(second.dir().toRealPath());
        for (EvidenceFolder run : java.util.List.of(first, second)) {
            assertThat(Files.list(run.dir())
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .toList())
                    .containsExactly(
                            "001-03.2-applying-20260227153000-add-migration.sql.sql",
                            "002-03.2-prisma-migrate-status.txt",
                            EvidenceFolder.SUMS,
                            EvidenceFolder.APPLY_LOG);
            Process p = new ProcessBuilder("sha256sum", "-c", EvidenceFolder.SUMS)
                    .directory(run.dir().toFile())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(new String(p.getInputStream().readAllBytes()))
                    .isZero();
            assertThat(EvidenceCli.run(new String[] {"verify", run.dir().toString()}))
                    .isZero();
        }
    }

    @Test
    @DisplayName("verify exits 1 naming a changed, a missing and an added file; 2 on a folder without sums")
    void should_name_what_changed() throws Exception {
        run("\n## run\n");
        Files.writeString(dir.resolve("002-03.2-prisma-migrate-status.txt"), "edited afterwards\n");
        Files.delete(dir.resolve("001-03.2-applying-20260227153000-add-migration.sql.sql"));
        Files.writeString(dir.resolve("extra.txt"), "added\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream was = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(EvidenceCli.run(new String[] {"verify", dir.toString()})).isEqualTo(1);
        } finally {
            System.setOut(was);
        }
        assertThat(out.toString())
                .contains("002-03.2-prisma-migrate-status.txt: changed since the run")
                .contains("001-03.2-applying-20260227153000-add-migration.sql.sql: missing")
                .contains("extra.txt: not in SHA256SUMS");
        assertThat(EvidenceCli.run(
                        new String[] {"verify", dir.resolve("nowhere").toString()}))
                .isEqualTo(2);
    }
}
