package runbooks.kit.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.env.ConfigurationException;

/** A team's DATABASE_URL read as libpq and node's URL parser (drizzle's) read it. */
class ConnectionSpecTest {

    @Test
    @DisplayName(
            "a password holding an unencoded @ ends at the last @: the host is the host, and the password never shows")
    void should_split_the_user_info_at_the_last_at_sign() {
        ConnectionSpec spec = ConnectionSpec.fromUrl(
                "staging", "postgres://deployer:p@ss@word@db.staging.internal:6543/metering?sslmode=require", "app");
        assertThat(spec.host()).isEqualTo("db.staging.internal");
        assertThat(spec.port()).isEqualTo(6543);
        assertThat(spec.database()).isEqualTo("metering");
        assertThat(spec.user()).isEqualTo("deployer");
        assertThat(spec.password()).isEqualTo("p@ss@word");
        assertThat(spec.masked())
                .isEqualTo("db.staging.internal:6543/metering as deployer")
                .doesNotContain("ss@word");
    }

    @Test
    @DisplayName("user and password are percent-decoded, a + stays a +, a password may hold a colon")
    void should_percent_decode() {
        ConnectionSpec spec = ConnectionSpec.fromUrl("staging", "postgresql://us%40er:a+b%2Fc:d@host/db", "app");
        assertThat(spec.user()).isEqualTo("us@er");
        assertThat(spec.password()).isEqualTo("a+b/c:d");
        assertThat(spec.port()).isEqualTo(5432);
    }

    @Test
    @DisplayName("a malformed URL or percent sequence is one sentence that does not show the URL")
    void should_refuse_malformed_urls_without_showing_them() {
        assertThatThrownBy(() -> ConnectionSpec.fromUrl("staging", "mysql://u:secret1@h/db", "app"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("secret1")
                .hasMessageContaining("postgres://user:password@host:port/database");
        assertThatThrownBy(() -> ConnectionSpec.fromUrl("staging", "postgres://u:secret%zz@h/db", "app"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("secret")
                .hasMessageContaining("%25");
    }
}
