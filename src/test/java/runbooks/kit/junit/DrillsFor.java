package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as the defect drills of one runbook class. Each of its {@code @Test} methods is the drill of the step
 * its display name starts with ("03.3 fails when ..."), which its {@code failsAt("03.3")} proves; {@code
 * DrillCoverageTest} finds the drills classes by this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface DrillsFor {

    /** The runbook class these drills run. */
    Class<?> value();
}
