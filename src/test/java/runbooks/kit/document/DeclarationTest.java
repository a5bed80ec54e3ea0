package runbooks.kit.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.env.ConfigurationException;

@DisplayName("A runbook's declaration: bad input in one sentence naming the line")
class DeclarationTest {

    @Test
    @DisplayName("a misspelt field, a value of the wrong shape, a line that is not YAML")
    void should_name_the_line_of_a_bad_declaration(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(Declaration.FILE);
        Files.writeString(file, "tool: prisma\nmigratons: prisma/migrations\n");
        assertThatThrownBy(() -> Declaration.read(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        file + " line 2 has an unknown field 'migratons'; a declaration has document, tool, migrations,"
                                + " stand_in_applied, stand_in, variables, rollback, environments, sections, drills"
                                + " (docs/documents.md).");
        Files.writeString(file, "drills: 3\n");
        assertThatThrownBy(() -> Declaration.read(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(file + " line 1 is malformed at 'drills'");
        Files.writeString(file, "tool: 'prisma\nmigrations: x\n");
        assertThatThrownBy(() -> Declaration.read(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not YAML");
        Files.writeString(file, "");
        assertThat(Declaration.read(file).documentFile())
                .as("an empty declaration")
                .isEqualTo("runbook.md");
    }
}
