package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step that belongs to some environments only (seeding local data, destructive drills). Elsewhere
 * it is reported as skipped, with {@link #reason()}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OnlyIn {

    /** Environment names, e.g. {@code "local"}. */
    String[] value();

    /** Why the step is limited to those environments; shown in the report where it is skipped. */
    String reason();
}
