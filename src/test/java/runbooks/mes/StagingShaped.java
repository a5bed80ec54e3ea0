package runbooks.mes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.RunbookContext;
import runbooks.kit.junit.Settings;

/**
 * A database of the local cluster the tests start, configured as a staging (it outlives a run) and brought to the MES
 * pre-deploy state as {@code prepare-staging.sh} does: a living target to run the MES runbook on again and again.
 */
final class StagingShaped {

    private final Path environments;
    private final Path evidence;
    final ConnectionSpec db;

    StagingShaped(Path environments, Path evidence, String name, String settings) throws IOException {
        this.environments = environments;
        this.evidence = evidence;
        this.db = LocalTargets.cluster().createDatabase(name);
        Files.writeString(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user()
                        + "\npassword=" + (db.password() == null ? "" : db.password()) + "\nmes.database="
                        + db.database()
                        + "\nexpect.mes.database=" + db.database() + "\nrun_lock.wait=5s\n" + settings);
        RunbookContext prepare = RunbookContext.of(
                MesDeployRunbookIT.class.getAnnotation(Runbook.class),
                Map.of(
                        "env",
                        "staging",
                        Settings.ENVIRONMENTS_PROPERTY,
                        environments.toString(),
                        Settings.BASEDIR_PROPERTY,
                        System.getProperty(Settings.BASEDIR_PROPERTY, "."),
                        Settings.EVIDENCE_PROPERTY,
                        evidence.resolve("prepare").toString())::get);
        MesStandIn.prepare(prepare);
        prepare.target().close();
    }

    /** A run of the MES runbook on it, its evidence under {@code <evidence>/mes/<run-id>/}. */
    Drill run() {
        return Drill.of(MesDeployRunbookIT.class)
                .with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, "")
                .with(Settings.EVIDENCE_ROOT_PROPERTY, evidence.resolve("mes").toString());
    }

    Path runbookEvidence() {
        return evidence.resolve("mes");
    }
}
