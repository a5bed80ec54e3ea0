package runbooks.kit.junit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.AssertionFailedError;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.evidence.Evidence;

/**
 * The runbook's document, read once. When the class pins the document's sha256 ({@link Runbook#documentSha256}) and the document has changed, the run says
 * so first, with the diff against the pinned copy {@code sql/<id>/document/<file>} where there is one.
 */
final class PinnedDocument {

    private final RunConfiguration run;
    private final DeclaredRunbook declared;
    private RunbookDocument document;

    PinnedDocument(RunConfiguration run, DeclaredRunbook declared) {
        this.run = run;
        this.declared = declared;
    }

    /** The runbook's document, read once and checked against its pinned sha256. */
    synchronized RunbookDocument document() {
        if (document == null) {
            document = document(run.basedir(), run.documents(), declared);
        }
        return document;
    }

    /** The document this runbook implements, checked against the sha256 its class pins. */
    static RunbookDocument document(Path basedir, Path dir, DeclaredRunbook annotation) {
        Path copy = basedir.resolve("sql")
                .resolve(annotation.firstSqlFolder())
                .resolve("document")
                .resolve(annotation.document());
        Path file = dir.resolve(annotation.document());
        if (!Files.isRegularFile(file)
                && Files.isRegularFile(copy)
                && !annotation.documentSha256().isEmpty()) {
            // Where the documents' folder is not there (a CI runner with this repository alone): the pinned copy, the
            // text the class was written against, said so in the report.
            Evidence.text("runbook document", file + " is not there: the pinned copy " + copy + " is run instead");
            file = copy;
        }
        RunbookDocument doc = RunbookDocument.read(file);
        String pinned = annotation.documentSha256();
        if (!pinned.isEmpty() && !pinned.equals(doc.sha256())) {
            String diff = "";
            if (Files.isRegularFile(copy)) {
                try {
                    List<String> was = Files.readAllLines(copy);
                    List<String> now = doc.text().lines().toList();
                    diff = String.join(
                            "\n",
                            UnifiedDiffUtils.generateUnifiedDiff(
                                    copy.toString(), doc.file().toString(), was, DiffUtils.diff(was, now), 2));
                    Evidence.text("document changed since the runbook class was written", diff);
                } catch (java.io.IOException e) {
                    diff = "(the pinned copy " + copy + " could not be read: " + e.getMessage() + ")";
                }
            }
            throw new AssertionFailedError("The runbook document " + doc.file()
                    + " has changed since this class was written against it (pinned"
                    + " sha256 " + pinned + ", now " + doc.sha256()
                    + "): its checks may no longer be what the document says. Review the"
                    + " change, update the class, then its documentSha256" + (diff.isEmpty() ? "." : ":\n" + diff));
        }
        return doc;
    }
}
