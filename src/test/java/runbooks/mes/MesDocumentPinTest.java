package runbooks.mes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Settings;

/** A runbook class pins the document it was written against: a changed document stops the run at its first step. */
class MesDocumentPinTest {

    @TempDir
    Path documents;

    @Test
    @DisplayName("the MES document changed since the class was written: the first step says so, with the diff")
    void should_say_when_the_document_changed() throws Exception {
        Path basedir =
                Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
        String text = Files.readString(basedir.resolve("sql/mes/document/mes-4h-1w-deploy.md"));
        Files.writeString(
                documents.resolve("mes-4h-1w-deploy.md"), text + "\nA line added after the class was written.\n");
        assertThat(Drill.of(MesDeployRunbookIT.class)
                        .with(Settings.DOCUMENTS_PROPERTY, documents.toString())
                        .failsAt("01"))
                .contains("has changed since this class was written")
                .contains("+A line added after the class was written.");
    }
}
