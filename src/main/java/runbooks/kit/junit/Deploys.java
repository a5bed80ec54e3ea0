package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A step that is part of the deploy itself: it writes to the target (apply, backfill, a rollback drill) or judges
 * what is still to be written (the safety gate on pending migrations, the pre-apply snapshot). When the target's
 * {@link DeployState} says the deploy is complete, a verification run reports the step as skipped, with the
 * evidence that it was done; the read-only checks of the deployed state run as always.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Deploys {}
