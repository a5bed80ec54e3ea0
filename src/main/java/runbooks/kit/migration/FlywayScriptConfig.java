package runbooks.kit.migration;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Flyway script's own configuration, {@code V7__tenant.sql.conf} beside {@code V7__tenant.sql}: a properties file
 * whose {@code executeInTransaction=false} makes Flyway run the script's statements one by one outside a transaction
 * (what {@code CREATE INDEX CONCURRENTLY} needs). Flyway reads it; the safety gate reads it too, so that it judges the
 * script as Flyway will run it.
 */
public final class FlywayScriptConfig {

    private FlywayScriptConfig() {}

    /** The {@code .sql.conf} beside {@code script}: {@code V7__x.sql} -> {@code V7__x.sql.conf}. */
    public static Path of(Path script) {
        return script.resolveSibling(script.getFileName() + ".conf");
    }

    /**
     * False when the script's {@code .sql.conf} says {@code executeInTransaction=false}; true when it says true or has no
     * such file (Flyway then decides by the statements: one transaction unless one of them cannot run in one).
     */
    public static boolean executesInTransaction(Path script) {
        Path conf = of(script);
        if (!Files.isRegularFile(conf)) {
            return true;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read Flyway's script configuration " + conf, e);
        }
        return !"false"
                .equalsIgnoreCase(p.getProperty("executeInTransaction", "true").trim());
    }
}
