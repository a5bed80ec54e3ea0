package runbooks.kit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The step that builds a runbook's local stand-in, the state its document starts from: it runs on env=local only (a
 * real target is in that state already, or past it) and needs no drill (it checks nothing).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@OnlyIn(value = "local", reason = "the suite builds the pre-deploy state only in its own fresh local database")
@NoDrill("builds the local stand-in the other steps run on")
public @interface LocalStandIn {}
