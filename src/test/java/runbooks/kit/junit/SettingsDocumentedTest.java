package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.docs.ConfigurationReference;

@DisplayName("Settings: docs/configuration.md is what the code's settings say")
class SettingsDocumentedTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));

    @Test
    @DisplayName("the committed docs/configuration.md equals the reference generated from the *Settings classes")
    void committed_reference_is_generated() throws IOException {
        String generated = ConfigurationReference.generate(BASEDIR);
        String committed = Files.readString(BASEDIR.resolve(ConfigurationReference.COMMITTED));

        assertThat(committed)
                .as(
                        "docs/configuration.md is generated from the code (every key constant of Settings and of each"
                                + " runbook's *Settings class, its default and Javadoc, the environment files' values);"
                                + " regenerate it and commit the result:%n  %s%n",
                        ConfigurationReference.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    @DisplayName("each key constant of Settings (the kit) and of each runbook's settings class is in the reference")
    void every_key_is_documented() {
        String reference = ConfigurationReference.generate(BASEDIR);

        assertThat(ConfigurationReference.keys())
                .allSatisfy(key ->
                        assertThat(reference).as("the reference names %s", key).contains(key));
    }
}
