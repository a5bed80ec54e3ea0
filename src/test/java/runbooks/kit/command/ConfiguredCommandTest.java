package runbooks.kit.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfiguredCommandTest {

    @Test
    @DisplayName("the exit code and output of a configured command are kept")
    void should_keep_exit_code_and_output() {
        var outcome = new ConfiguredCommand(
                        "k", "echo hello; echo oops >&2; exit 3", Duration.ofSeconds(30), Path.of("."))
                .run();
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.output()).contains("hello", "oops");
    }

    @Test
    @DisplayName("a command past its timeout is killed and reported as timed out")
    void should_kill_command_past_timeout() {
        var outcome = new ConfiguredCommand("k", "sleep 30", Duration.ofMillis(300), Path.of(".")).run();
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(-1);
    }
}
