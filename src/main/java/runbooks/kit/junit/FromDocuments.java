package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks the class whose {@code @TestFactory} runs the runbooks written as documents ({@code sql/<id>/runbook.yaml} beside
 * the document): its factory method receives {@link DocumentRuns}.
 *
 * <pre>{@code
 * @FromDocuments
 * class DocumentRunbooksIT {
 *     @TestFactory Stream<DynamicContainer> runbooks(DocumentRuns runs) { return runs.tests(); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DocumentRunsResolver.class)
@Tag("runbook")
public @interface FromDocuments {}
