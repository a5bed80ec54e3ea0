package runbooks.kit.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {

    @TempDir
    Path dir;

    private Environment load(String name, String content, Map<String, String> variables) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), content);
        return Environment.load(dir, name, k -> Optional.ofNullable(variables.get(k)));
    }

    @Test
    @DisplayName("an unknown environment is one sentence naming the known ones")
    void should_name_known_environments_when_env_is_unknown() throws IOException {
        load("staging", "host=h\n", Map.of());
        assertThatThrownBy(() -> Environment.load(dir, "stagign", k -> Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "Unknown environment 'stagign': there is no environments/stagign.properties; use -Denv= with one of staging.")
                .hasNoCause();
    }

    @Test
    @DisplayName("a missing variable names the variable, the key and three ways to set it")
    void should_name_variable_when_it_is_missing() throws IOException {
        Environment env = load("staging", "host=${STAGING_DB_HOST}\n", Map.of());
        assertThatThrownBy(() -> env.value("host"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "environments/staging.properties needs the variable STAGING_DB_HOST (for 'host'): export it, pass"
                                + " -DSTAGING_DB_HOST=..., or put it in .env.staging.local.");
    }

    @Test
    @DisplayName("variables resolve, with defaults")
    void should_resolve_variables_and_defaults() throws IOException {
        Environment env = load("staging", "host=${H}\nport=${P:-5432}\nempty=${E:-}\n", Map.of("H", "db.internal"));
        assertThat(env.value("host")).contains("db.internal");
        assertThat(env.integer("port", 0)).isEqualTo(5432);
        assertThat(env.value("empty")).isEmpty();
    }

    @Test
    @DisplayName("a malformed file is one sentence, not a stack trace")
    void should_reject_malformed_files() throws IOException {
        assertThatThrownBy(() -> load("bad", "host=\\uZZZZ\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("environments/bad.properties is malformed (Malformed \\uxxxx encoding.)");
        assertThatThrownBy(() -> load("unclosed", "host=${STAGING_DB_HOST\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "environments/unclosed.properties is malformed: the value of 'host' has an unclosed ${...}.");
        assertThat(new ConfigurationException("x").getStackTrace()).isEmpty();
    }

    @Test
    @DisplayName("numbers and durations that are not are named with their key")
    void should_reject_bad_numbers_and_durations() throws IOException {
        Environment env = load("staging", "port=five\ncheck.statement_timeout=soon\n", Map.of());
        assertThatThrownBy(() -> env.integer("port", 5432))
                .hasMessage("environments/staging.properties: 'port' must be a whole number, not 'five'.");
        assertThatThrownBy(() -> env.duration("check.statement_timeout", Duration.ZERO))
                .hasMessageContaining("'check.statement_timeout' must be a duration such as 30s");
    }

    @Test
    @DisplayName(".env.<env>.local supplies variables the shell does not")
    void should_read_dotenv_file() throws IOException {
        Files.writeString(dir.resolve(".env.staging.local"), "RUNBOOKS_TEST_ONLY_HOST=from-dotenv\n");
        Files.writeString(dir.resolve("staging.properties"), "host=${RUNBOOKS_TEST_ONLY_HOST}\n");
        Environment env = Environment.load(dir, "staging", Environment.defaultVariables(dir, "staging"));
        assertThat(env.value("host")).contains("from-dotenv");
    }

    @Test
    @DisplayName("a per-runbook key wins over the shared one")
    void should_prefer_runbook_key() throws IOException {
        Environment env = load("staging", "database=shared\nmes.database=mes_db\n", Map.of());
        assertThat(env.first("mes.database", "database")).contains("mes_db");
        assertThat(env.first("agg.database", "database")).contains("shared");
    }

    @Test
    @DisplayName("a variable set to an empty string is told as that, not as a key missing from the file")
    void should_say_the_variable_is_empty() throws IOException {
        Environment env = load("staging", "host=${STAGING_DB_HOST}\n", Map.of("STAGING_DB_HOST", ""));
        assertThatThrownBy(() -> env.require("host", "the database server's host name"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "'host' in environments/staging.properties (the database server's host name) is empty: STAGING_DB_HOST is set to an"
                                + " empty value; give it a value.");
    }

    @Test
    @DisplayName(
            ".env.<env>.local in the shell form (export NAME=value) is read; a line of another form is named by its number")
    void should_read_export_lines_and_name_a_malformed_one() throws IOException {
        Files.writeString(
                dir.resolve(".env.staging.local"),
                "# staging\nexport RUNBOOKS_TEST_HOST=db.internal\nRUNBOOKS_TEST_PORT=6543\n");
        var variables = Environment.defaultVariables(dir, "staging");
        assertThat(variables.apply("RUNBOOKS_TEST_HOST")).contains("db.internal");
        assertThat(variables.apply("RUNBOOKS_TEST_PORT")).contains("6543");
        Files.writeString(
                dir.resolve(".env.staging.local"), "RUNBOOKS_TEST_HOST=db.internal\nthis is not a variable\n");
        assertThatThrownBy(() -> Environment.defaultVariables(dir, "staging"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        ".env.staging.local line 2 is not NAME=value (nor export NAME=value, a comment or blank); fix that line.");
    }

    @Test
    @DisplayName("a Windows path in a properties file (a bad \\u escape) is named by its line")
    void should_name_the_line_of_a_bad_escape() throws IOException {
        Files.writeString(dir.resolve("staging.properties"), "host=h\npg.bin=C:\\users\\pg\\bin\n");
        assertThatThrownBy(() -> Environment.load(dir, "staging", k -> Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at line 2: pg.bin=C:\\users\\pg\\bin")
                .hasMessageContaining("write a Windows path with /");
    }
}
