package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class as one runbook: its test methods are the runbook's steps, ordered by the section numbers their display
 * names start with, read as numbers ("03.2 Apply migration" before "03.10 ...": {@link SectionOrder}). The first step that
 * fails stops the rest of this runbook (reported as skipped, with the reason); other runbooks still run.
 * Steps receive a {@link RunbookContext} through the constructor.
 *
 * <pre>{@code
 * @Runbook(id = "mes", document = "mes-4h-1w-deploy.md")
 * class MesDeployRunbookIT {
 *     MesDeployRunbookIT(RunbookContext runbook) { ... }
 *     @Test @DisplayName("03.2 Apply migration") void applyMigration() { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RunbookExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(SectionOrder.class)
@Tag("runbook")
public @interface Runbook {

    /** Short name: prefixes environment keys ({@code expect.<id>.database}) and local database names. */
    String id();

    /** The runbook document this class implements, e.g. {@code mes-4h-1w-deploy.md}. */
    String document();

    /**
     * The folders under {@code sql/} this runbook runs from (default {@code sql/<id>/}); with {@code sql/kit/}, the
     * migrations folder and the class's source, they are the files a promotion record covers.
     */
    String[] sql() default {};

    /**
     * The sha256 of the document this class was written against (empty: not pinned). When the document differs, the
     * run's first step says so, with the diff against the pinned copy
     * {@code sql/<id>/document/<document>} (the first of {@link #sql} where given) where there is one, which is also
     * the text run where the documents' folder is not there.
     */
    String documentSha256() default "";
}
