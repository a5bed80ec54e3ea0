package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.document.Declaration;
import runbooks.kit.env.ConfigurationException;

class DocumentRunsTest {

    @Test
    @DisplayName("-Drunbooks.documents.only naming no runbook under sql/ says which there are")
    void should_refuse_an_unknown_runbook_id(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sql/orders"));
        Files.writeString(dir.resolve("sql/orders").resolve(Declaration.FILE), "");
        Map<String, String> config = Map.of(Settings.BASEDIR_PROPERTY, dir.toString(), DocumentRuns.ONLY, "ordres");
        assertThatThrownBy(() -> new DocumentRuns(k -> Optional.ofNullable(config.get(k))).ids())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("-Drunbooks.documents.only names [ordres], which is not a runbook under "
                        + dir.resolve("sql") + " (a folder holding runbook.yaml); the runbooks there are [orders].");
    }
}
