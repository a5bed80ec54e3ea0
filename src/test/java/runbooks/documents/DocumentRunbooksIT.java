package runbooks.documents;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import runbooks.kit.junit.DocumentRuns;
import runbooks.kit.junit.FromDocuments;

/** Every runbook written as a document ({@code sql/<id>/runbook.yaml} beside it), run as its document says. */
@FromDocuments
public class DocumentRunbooksIT {

    @TestFactory
    Stream<DynamicContainer> runbooks(DocumentRuns runs) {
        return runs.tests();
    }
}
