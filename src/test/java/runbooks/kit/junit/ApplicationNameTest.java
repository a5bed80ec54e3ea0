package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A DBA looking at pg_stat_activity sees which runbook, on which environment, holds a connection. */
class ApplicationNameTest {

    @Runbook(id = "probe", document = "none")
    static class ProbeRunbook {}

    @Test
    @DisplayName("every connection of a runbook is named runbooks/<runbook>/<env>")
    void should_name_connections_after_runbook_and_environment() {
        RunbookContext runbook = new RunbookContext(
                ProbeRunbook.class.getAnnotation(Runbook.class),
                key -> key.equals(Settings.BASEDIR_PROPERTY)
                        ? Optional.ofNullable(System.getProperty(key))
                        : Optional.empty(),
                null);
        try {
            assertThat(runbook.target()
                            .read("application name", "SELECT current_setting('application_name') AS name")
                            .single("name"))
                    .isEqualTo("runbooks/probe/local");
        } finally {
            runbook.target().close();
        }
    }
}
