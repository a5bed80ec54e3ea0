package runbooks.kit.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    @DisplayName("a section the document does not have, or a correction without its reason")
    void should_refuse_sections_the_document_does_not_have(@TempDir Path dir) throws IOException {
        List<DocumentSections.Section> sections =
                DocumentSections.read("## 1. Check\n\n```sql\nSELECT 1;\n```\n\n## Rollback\n", f -> "");
        Path file = dir.resolve(Declaration.FILE);
        Files.writeString(
                file, "rollback: \"5\"\ndrills:\n  - { name: wrong, fails_at: \"2\", stand_in_sql: \"SELECT 1\" }\n");
        assertThatThrownBy(() -> Declaration.read(file).requireSectionsOf(sections))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("runbook.yaml names sections the document does not have (rollback: \"5\", drill 'wrong'"
                        + " fails_at: \"2\"): its sections are \"1\", \"Rollback\" (a numbered heading's number, or an"
                        + " unnumbered heading's title).");
        Files.writeString(
                file, "rollback: Rollback\nsections:\n  \"1\": { replace: \"SELECT 1\", with: \"SELECT 2\" }\n");
        assertThatThrownBy(() -> Declaration.read(file).requireSectionsOf(sections))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("runbook.yaml corrects §1 without a reason");
    }
}
