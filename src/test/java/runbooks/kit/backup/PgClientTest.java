package runbooks.kit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.env.ConfigurationException;

@DisplayName("PgClient: the pg_dump that fits the server, named; one sentence when none does")
class PgClientTest {

    private static Path fakeBin(Path dir, String version) throws Exception {
        for (String tool : List.of("pg_dump", "psql")) {
            Path f = dir.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    @Test
    @DisplayName("refuses with one sentence naming what it found and PG_BIN when no pg_dump is new enough")
    void should_refuse_when_none_fits(@TempDir Path dir) throws Exception {
        fakeBin(dir, "9.6.24");
        assertThatThrownBy(() -> PgClient.find(Optional.of(dir.toString()), 99))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No pg_dump of PostgreSQL 99 or newer")
                .hasMessageContaining(dir.resolve("pg_dump") + " 9.6")
                .hasMessageContaining("PG_BIN")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    @DisplayName("prefers the folder pg.bin names when its pg_dump fits, and says which version it is")
    void should_prefer_the_configured_folder(@TempDir Path dir) throws Exception {
        fakeBin(dir, "17.2");
        PgClient client = PgClient.find(Optional.of(dir.toString()), 15);
        assertThat(client.pgDump()).isEqualTo(dir.resolve("pg_dump"));
        assertThat(client.major()).isEqualTo(17);
        assertThat(client.describe())
                .contains("17.2")
                .contains(dir.resolve("psql").toString());
    }

    @Test
    @DisplayName("passes over a configured pg_dump older than the server for one that fits")
    void should_skip_a_configured_pg_dump_that_is_too_old(@TempDir Path dir) throws Exception {
        fakeBin(dir, "9.6.24");
        PgClient real;
        try {
            real = PgClient.find(Optional.empty(), 15);
        } catch (ConfigurationException e) {
            assumeTrue(false, "no pg_dump 15+ on this machine: " + e.getMessage());
            return;
        }
        assertThat(PgClient.find(Optional.of(dir.toString()), 15).pgDump()).isEqualTo(real.pgDump());
    }

    @Test
    @DisplayName("a dump of an unreachable server fails with pg_dump's own last lines, no password on the command line")
    void should_fail_with_pg_dumps_words(@TempDir Path dir) {
        PgClient client;
        try {
            client = PgClient.find(Optional.empty(), 15);
        } catch (ConfigurationException e) {
            assumeTrue(false, "no pg_dump 15+ on this machine: " + e.getMessage());
            return;
        }
        ConnectionSpec nowhere = new ConnectionSpec("test", "127.0.0.1", 1, "nothing", "nobody", "s3cret-pw");
        assertThatThrownBy(() -> client.dump(nowhere, dir.resolve("x.sql"), List.of("-s"), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pg_dump of 127.0.0.1:1/nothing")
                .hasMessageContaining("failed")
                .hasMessageNotContaining("s3cret-pw");
    }
}
