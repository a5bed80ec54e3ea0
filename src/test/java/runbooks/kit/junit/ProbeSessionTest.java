package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import runbooks.kit.data.Rows;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

/**
 * A probe runs "as role R with settings S" on a session of its own, always rolled back and then closed; a check run with
 * a custom setting leaves the reading session behind. Either way the next check starts as if neither had run: as the
 * deployer, with no custom setting (NULL, not the '' a rolled-back set_config leaves on a session that saw it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Probes and checks: no role or setting leaks into the next check")
class ProbeSessionTest {

    private static final SqlFile WHO = new SqlFile(
            "who", "SELECT current_user AS who, current_setting('app.tenant', true) IS NULL AS tenant_unset");

    private final Target target = LocalTargets.fresh("probe_session");

    @AfterAll
    void close() {
        target.close();
    }

    @Test
    @DisplayName("a probe that sets its role and a session setting leaves neither to the next check")
    void should_not_leak_a_probes_role_or_setting() {
        String deployer = target.query(WHO).get(0, "who");
        target.verify()
                .script(new SqlFile(
                        "role",
                        "DO $$ BEGIN CREATE ROLE probe_session_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation"
                                + " THEN NULL; END $$"));
        Rows inProbe = target.verify()
                .trial(
                        new SqlFile(
                                "leaky probe",
                                "SET ROLE probe_session_app; SELECT set_config('app.tenant', 'acme', false);"
                                        + " SELECT current_user AS who, current_setting('app.tenant') AS tenant"),
                        Map.of());
        assertThat(inProbe.get(0, "who")).isEqualTo("probe_session_app");
        Rows next = target.query(WHO);
        assertThat(next.get(0, "who")).as("the next check's role").isEqualTo(deployer);
        assertThat(next.get(0, "tenant_unset"))
                .as("app.tenant unset in the next check")
                .isIn("t", "true");
    }

    @Test
    @DisplayName("a check run with a custom setting leaves it to no later check (NULL there, not '')")
    void should_not_leak_a_checks_setting() {
        Rows with = target.query(
                new SqlFile("with tenant", "SELECT current_setting('app.tenant', true) AS tenant"),
                Map.of("app.tenant", "acme"));
        assertThat(with.get(0, "tenant")).isEqualTo("acme");
        assertThat(target.query(WHO).get(0, "tenant_unset"))
                .as("app.tenant in the next check on the reading session")
                .isIn("t", "true");
    }
}
