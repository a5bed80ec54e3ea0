package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A runbook step without a defect drill, and why (it builds the local stand-in; it only reports a human step; another
 * step's drill proves it). {@code DrillCoverageTest} requires a drill of every other step, and fails when a step marked
 * so gains one.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NoDrill {

    /** Why this step has no drill of its own. */
    String value();
}
