package runbooks.kit.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Drill;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFile;

/**
 * The Flyway sample ({@code src/test/resources/flyway-sample/}) as a team's repository holds it: a project folder with
 * {@code sql/kit/} (the kit's SQL), {@code sql/billing/} (the team's flyway.conf, migrations, rollback, probes) and the
 * document, where {@link BillingFlywayRunbook} runs on env=local or on a living target of the local cluster.
 */
final class FlywaySample {

    static final Path BASEDIR =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
    static final Path SAMPLE = BASEDIR.resolve("src/test/resources/flyway-sample");
    static final String ROLE = "billing_app";

    final Path project;

    FlywaySample(Path project) {
        this.project = project;
        copy(BASEDIR.resolve("sql/kit"), project.resolve("sql/kit"));
        copy(SAMPLE.resolve("sql"), project.resolve("sql"));
    }

    /** The migrations folder as the team's checkout holds it. */
    Path migrations() {
        return project.resolve("sql/billing/flyway");
    }

    /** A run on env=local: a fresh database, the stand-in, the deploy and the rollback. */
    Drill local() {
        return Drill.of(BillingFlywayRunbook.class)
                .with(Settings.BASEDIR_PROPERTY, project.toString())
                .with(
                        Settings.ENVIRONMENTS_PROPERTY,
                        BASEDIR.resolve("environments").toString())
                .with(Settings.DOCUMENTS_PROPERTY, SAMPLE.resolve("document").toString());
    }

    /** {@link #local()} with {@code files} (paths under sql/) replaced: a drill's defect. */
    Drill localWith(String drill, Map<String, String> files) {
        return local().with(Settings.OVERLAY_PROPERTY, overlay(drill, files).toString());
    }

    Path overlay(String drill, Map<String, String> files) {
        Path dir = project.resolve("drills/" + drill);
        files.forEach((file, text) -> write(dir.resolve(file), text));
        return dir;
    }

    /** A database of the local cluster configured as staging (it outlives a run): empty but for the application role. */
    Living living(String name, String... extraSettings) {
        return livingOn(LocalTargets.cluster().createDatabase(name), name, extraSettings);
    }

    /** {@link #living} on an existing database, its environment files named after {@code name}. */
    Living livingOn(ConnectionSpec db, String name, String... extraSettings) {
        Target target = LocalTargets.on(db);
        target.verify()
                .script(new SqlFile(
                        "the application role",
                        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "')"
                                + " THEN CREATE ROLE " + ROLE + " NOLOGIN; END IF; END $$"));
        Path environments = project.resolve("environments-" + name);
        write(environments.resolve("local.properties"), read(BASEDIR.resolve("environments/local.properties")));
        write(
                environments.resolve("staging.properties"),
                "host=localhost\nport=" + db.port() + "\nuser=" + db.user() + "\npassword="
                        + (db.password() == null ? "" : db.password()) + "\nbilling.database=" + db.database()
                        + "\nexpect.billing.database=" + db.database() + "\nrun_lock.wait=5s\n"
                        + String.join("\n", extraSettings) + "\n");
        Drill drill = local().with("env", "staging")
                .with(Settings.ENVIRONMENTS_PROPERTY, environments.toString())
                .with(Settings.EVIDENCE_PROPERTY, "")
                .with(
                        Settings.EVIDENCE_ROOT_PROPERTY,
                        project.resolve("evidence-" + name).toString());
        return new Living(db, target, drill);
    }

    /** A living target: its database, a verified handle on it, and the runbook's run against it. */
    record Living(ConnectionSpec db, Target target, Drill drill) {

        /** Flyway alone (its own API, as the team's {@code flyway migrate} would), up to {@code version}, on this database. */
        void flywayAlone(Path folder, String version) {
            Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations("filesystem:" + folder)
                    .table("billing_schema_history")
                    .placeholders(Map.of("app_role", ROLE))
                    .configuration(Map.of(FlywayConfiguration.TRANSACTIONAL_LOCK, "false"))
                    .target(version)
                    .load()
                    .migrate();
        }

        void sql(String text) {
            target.verify().script(new SqlFile("by hand", text));
        }
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                write(to.resolve(from.relativize(f).toString()), read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
