package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;

/**
 * {@code -Drehearse=copy}: the whole MES runbook (gate, apply, backfill, the truncate-and-re-run drill) on a fresh copy
 * of a staging-shaped target, while the target itself is only read: its catalog snapshot and content checksums are equal
 * before and after, said in the apply log, and a write to it is refused by the guard.
 */
class MesRehearsalTest {

    @TempDir
    Path environments;

    @TempDir
    Path evidence;

    private static String journal(Target target) {
        return target.read(
                        "journal",
                        "SELECT string_agg(migration_name, ',' ORDER BY migration_name) AS j FROM _prisma_migrations")
                .single("j");
    }

    @Test
    @DisplayName(
            "a rehearsal deploys on a copy and passes; the target keeps its pre-deploy state, fingerprint equal before and after")
    void should_rehearse_on_a_copy_and_leave_the_target_untouched() throws Exception {
        StagingShaped staging = new StagingShaped(environments, evidence, "mes_rehearsed", "");
        Target target = LocalTargets.on(staging.db);
        String journalBefore = journal(target);
        target.close();

        List<Drill.Step> steps = staging.run().with("rehearse", "copy").run();
        assertThat(steps)
                .filteredOn(s -> s.outcome().equals("failed"))
                .as("failed steps of the rehearsal")
                .isEmpty();
        assertThat(steps)
                .filteredOn(s -> s.name().startsWith("03.2 "))
                .singleElement()
                .extracting(Drill.Step::outcome)
                .isEqualTo("successful");

        Target after = LocalTargets.on(staging.db);
        assertThat(journal(after))
                .as("_prisma_migrations of the target after the rehearsal")
                .isEqualTo(journalBefore);
        assertThat(after.read("4h", "SELECT to_regclass('mkt_futures_mes_4h') IS NULL AS absent")
                        .single("absent"))
                .isEqualTo("t");
        after.close();
        Path run = staging.runbookEvidence().resolve("latest");
        assertThat(Files.readString(run.resolve(EvidenceFolder.APPLY_LOG)))
                .contains("- Rehearsal: the target is unchanged: its catalog snapshot and"
                        + " content checksums before and after the rehearsal are equal")
                .contains("- Run mode: rehearsal on a copy, deploy");
        assertThat(Files.readString(run.resolve("rehearsal-target-before.txt")))
                .isEqualTo(Files.readString(run.resolve("rehearsal-target-after.txt")))
                .contains("public.mkt_futures_mes_1h");
        assertThat(EvidenceFolder.verify(run.toRealPath())).isEmpty();
    }

    @Test
    @DisplayName("in a rehearsal, a write to the real target is refused by the guard, naming the copy")
    void should_refuse_a_write_to_the_rehearsed_target() throws Exception {
        StagingShaped staging = new StagingShaped(environments, evidence, "mes_guarded", "");
        RunbookContext rehearsal = RunbookContext.of(
                MesDeployRunbookIT.class.getAnnotation(Runbook.class),
                Map.of(
                        "env",
                        "staging",
                        "rehearse",
                        "copy",
                        Settings.ENVIRONMENTS_PROPERTY,
                        environments.toString(),
                        Settings.BASEDIR_PROPERTY,
                        System.getProperty(Settings.BASEDIR_PROPERTY, "."),
                        Settings.EVIDENCE_PROPERTY,
                        evidence.resolve("guarded").toString())::get);
        Target copy = rehearsal.target();
        assertThat(copy.spec().database()).startsWith(staging.db.database() + "_rehearsal_");
        Target real = rehearsal.deploy().rehearsedTarget().orElseThrow();
        assertThatThrownBy(
                        () -> real.verify().execute(new SqlFile("write", "CREATE TABLE written_by_mistake (id int);")))
                .hasMessageStartingWith(
                        "Refusing to write to " + real.spec().masked() + ": this run is a rehearsal (-Drehearse=copy)")
                .hasMessageContaining(copy.spec().database());
        copy.verify().execute(new SqlFile("write", "CREATE TABLE written_to_the_copy (id int);"));
        Target check = LocalTargets.on(staging.db);
        assertThat(check.read(
                                "t",
                                "SELECT to_regclass('written_by_mistake') IS NULL AND to_regclass('written_to_the_copy') IS NULL AS none")
                        .single("none"))
                .isEqualTo("t");
        check.close();
        copy.close();
    }
}
