package runbooks.kit.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import runbooks.kit.env.Secrets;

/**
 * Before any test of a Surefire or Failsafe run: a password passed as {@code -DNAME=value} leaves the system properties,
 * which those plugins write into their XML reports, and the console masks every secret the run is given (registered in
 * {@code META-INF/services}).
 */
public final class SecretsSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Secrets.takeFromSystemProperties();
        runbooks.kit.env.MaskingPrintStream.install();
    }
}
