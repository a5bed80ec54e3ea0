package runbooks.kit.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Passwords passed as -D leave the system properties (which Surefire and Failsafe write into their XML) and stay readable. */
class SecretsTest {

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    @DisplayName(
            "a -D password and a credentialed URL are moved out of System properties; other properties stay; both still resolve")
    void should_move_secrets_out_of_system_properties() {
        System.setProperty("SCAN_TEST_DB_PASSWORD", "pw-1");
        System.setProperty("SCAN_TEST_URL", "postgres://u:pw-2@h/db");
        System.setProperty("SCAN_TEST_HOST", "db.internal");
        try {
            assertThat(Secrets.takeFromSystemProperties())
                    .contains("SCAN_TEST_DB_PASSWORD", "SCAN_TEST_URL")
                    .doesNotContain("SCAN_TEST_HOST");
            assertThat(System.getProperties().toString()).doesNotContain("pw-1").doesNotContain("pw-2");
            assertThat(System.getProperty("SCAN_TEST_HOST")).isEqualTo("db.internal");
            assertThat(Secrets.get("SCAN_TEST_DB_PASSWORD")).contains("pw-1");
            assertThat(Environment.defaultVariables(java.nio.file.Path.of("."), "none")
                            .apply("SCAN_TEST_URL"))
                    .contains("postgres://u:pw-2@h/db");
        } finally {
            System.clearProperty("SCAN_TEST_HOST");
        }
    }
}
