package runbooks.kit.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * A runbook document as written: its file and text, whose sections {@link DocumentSections} reads, and its sha256, which a
 * runbook class pins.
 */
public final class RunbookDocument {

    private final Path file;
    private final String text;

    private RunbookDocument(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    public static RunbookDocument read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("The runbook document " + file
                    + " does not exist: set -Drunbooks.documents=<the folder holding it>.");
        }
        try {
            return new RunbookDocument(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public String text() {
        return text;
    }

    public String sha256() {
        return EvidenceFolder.sha256(file);
    }
}
