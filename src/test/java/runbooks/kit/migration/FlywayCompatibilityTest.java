package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.schema.SchemaSnapshot;
import runbooks.kit.sql.SqlFile;

/**
 * The kit and Flyway's own command line ({@code org.flywaydb:flyway-commandline} from Maven Central, its classpath
 * resolved by Maven under {@code target/flyway-cli}, jackson aligned by {@code jackson-bom}) agree on the Flyway sample,
 * both ways, with the team's flyway.conf: the kit deploys and {@code flyway info}/{@code validate} agree; Flyway deploys
 * and the kit agrees; a migration failing halfway leaves the same state on both. Skipped, saying why, where Maven cannot
 * resolve the command line or it does not start.
 */
@Tag("flyway-cli")
@DisplayName("Flyway's own command line and the kit agree, both ways")
class FlywayCompatibilityTest {

    private static final String VERSION = "11.20.3";
    private static final Path CLI_DIR = FlywaySample.BASEDIR.resolve("target/flyway-cli");
    private static final Path CONF = FlywaySample.SAMPLE.resolve("sql/billing/flyway.conf");
    private static final Path MIGRATIONS = FlywaySample.SAMPLE.resolve("sql/billing/flyway");
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>runbooks.tools</groupId>
              <artifactId>flyway-cli</artifactId>
              <version>1</version>
              <packaging>pom</packaging>
              <dependencyManagement>
                <dependencies>
                  <!-- flyway-commandline's own jackson versions clash (core 2.17 beside databind 2.19). -->
                  <dependency>
                    <groupId>com.fasterxml.jackson</groupId>
                    <artifactId>jackson-bom</artifactId>
                    <version>2.19.1</version>
                    <type>pom</type>
                    <scope>import</scope>
                  </dependency>
                </dependencies>
              </dependencyManagement>
              <dependencies>
                <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-commandline</artifactId><version>%1$s</version></dependency>
                <dependency><groupId>org.flywaydb</groupId><artifactId>flyway-database-postgresql</artifactId><version>%1$s</version></dependency>
                <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.8</version></dependency>
              </dependencies>
            </project>
            """.formatted(VERSION);

    private static String classpath;

    @TempDir
    Path dir;

    @BeforeAll
    static void resolveFlywayCommandLine() throws Exception {
        Path cp = CLI_DIR.resolve("classpath.txt");
        if (!Files.isRegularFile(cp)) {
            Files.createDirectories(CLI_DIR);
            Files.writeString(CLI_DIR.resolve("pom.xml"), POM);
            ToolProcess resolve = ToolProcess.run(
                    List.of("mvn", "-q", "-B", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"),
                    CLI_DIR,
                    Map.of(),
                    600);
            Assumptions.assumeTrue(
                    resolve.exit() == 0 && Files.isRegularFile(cp),
                    () -> "Maven could not resolve org.flywaydb:flyway-commandline:" + VERSION + " (exit "
                            + resolve.exit() + "): "
                            + resolve.output().lines().limit(5).toList());
        }
        classpath = Files.readString(cp).strip();
        ToolProcess version = ToolProcess.run(command(List.of("-v")), null, Map.of(), 120);
        Assumptions.assumeTrue(
                version.exit() == 0,
                () -> "Flyway's command line does not start here (exit " + version.exit() + "): "
                        + version.output().lines().limit(5).toList());
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "org.flywaydb.commandline.Main"));
        command.addAll(args);
        return command;
    }

    /** {@code flyway <command>} on {@code db} with the team's flyway.conf and the folder, as the team runs it. */
    private static ToolProcess flyway(ConnectionSpec db, Path folder, String... commandAndArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-configFiles=" + CONF,
                "-url=jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database(),
                "-user=" + db.user(),
                "-locations=filesystem:" + folder,
                "-postgresql.transactional.lock=false",
                "-skipCheckForUpdate"));
        if (db.password() != null && !db.password().isEmpty()) {
            args.add("-password=" + db.password());
        }
        args.addAll(List.of(commandAndArgs));
        return ToolProcess.run(command(args), null, Map.of("REDGATE_DISABLE_TELEMETRY", "true"), 180);
    }

    private static Target fresh(String name) {
        Target target = LocalTargets.fresh(name);
        target.verify()
                .script(new SqlFile(
                        "the application role",
                        "DO $$ BEGIN CREATE ROLE " + FlywaySample.ROLE
                                + " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"));
        return target;
    }

    private static FlywayMigrations kit(Target target, Path folder) {
        return new FlywayMigrations(
                target, folder, FlywayConfiguration.defaults().withConfFile(CONF));
    }

    private static String history(Target target) {
        return target.read(
                        "history",
                        "SELECT string_agg(coalesce(version, 'R') || ':' || script || ':' || checksum || ':' || success,"
                                + " ',' ORDER BY installed_rank) AS h FROM billing_schema_history")
                .get(0, "h");
    }

    private static SchemaSnapshot schema(Target target) {
        return SchemaSnapshot.take(
                target,
                new SqlFile(
                        "kit/catalog_snapshot.sql",
                        FlywaySample.read(FlywaySample.BASEDIR.resolve("sql/kit/catalog_snapshot.sql"))));
    }

    @Test
    @DisplayName("the kit deploys V1-V3; flyway info lists them Success with nothing pending, flyway validate passes")
    void should_satisfy_flyway_after_the_kit_deployed() throws Exception {
        Target target = fresh("flyway_cli_kit_first");
        assertThat(kit(target, MIGRATIONS).migrate()).isEqualTo(3);

        ToolProcess info = flyway(target.spec(), MIGRATIONS, "info");
        assertThat(info.exit()).as("flyway info: %s", info.output()).isZero();
        assertThat(info.output().lines().filter(l -> l.contains("| Success")))
                .as("flyway info: %s", info.output())
                .hasSize(3);
        assertThat(info.output()).doesNotContain("Pending").doesNotContain("Failed");
        ToolProcess validate = flyway(target.spec(), MIGRATIONS, "validate");
        assertThat(validate.exit()).as("flyway validate: %s", validate.output()).isZero();
        assertThat(flyway(target.spec(), MIGRATIONS, "migrate").output())
                .as("flyway migrate after the kit")
                .contains("Schema \"public\" is up to date. No migration necessary.");
        target.close();
    }

    @Test
    @DisplayName(
            "Flyway's command line deploys V1-V3; the kit finds nothing pending, no problem, and the schema it deploys itself")
    void should_agree_after_flyway_deployed() throws Exception {
        Target byFlyway = fresh("flyway_cli_first");
        ToolProcess migrate = flyway(byFlyway.spec(), MIGRATIONS, "migrate");
        assertThat(migrate.exit()).as("flyway migrate: %s", migrate.output()).isZero();
        FlywayMigrations kit = kit(byFlyway, MIGRATIONS);
        assertThat(kit.pendingVersions()).isEmpty();
        assertThat(kit.problems()).isEmpty();
        assertThat(kit.appliedVersions()).containsExactly("1", "2", "3");

        Target byKit = fresh("flyway_kit_second");
        kit(byKit, MIGRATIONS).migrate();
        assertThat(schema(byKit).differencesFrom(schema(byFlyway)))
                .as("the kit's deploy against Flyway's, object by object")
                .isEmpty();
        assertThat(history(byKit))
                .as("history rows (version, script, checksum, success)")
                .isEqualTo(history(byFlyway));
        byFlyway.close();
        byKit.close();
    }

    @Test
    @DisplayName("V2 failing halfway outside a transaction: the same Failed row and the same half-built schema on both")
    void should_leave_the_same_state_when_a_migration_fails_halfway() throws Exception {
        Path broken = dir.resolve("broken");
        FlywaySample.copy(MIGRATIONS, broken);
        FlywaySample.write(
                broken.resolve("V2__invoices_customer_index.sql"),
                "CREATE INDEX CONCURRENTLY invoices_customer_idx ON invoices (customer_id);\n"
                        + "CREATE INDEX CONCURRENTLY invoices_no_such_idx ON invoices (no_such_column);\n");
        Target byFlyway = fresh("flyway_cli_half");
        ToolProcess migrate = flyway(byFlyway.spec(), broken, "migrate");
        assertThat(migrate.exit())
                .as("flyway migrate of a broken V2: %s", migrate.output())
                .isNotZero();

        Target byKit = fresh("flyway_kit_half");
        FlywayMigrations kit = kit(byKit, broken);
        org.assertj.core.api.Assertions.assertThatThrownBy(kit::migrate)
                .hasMessageContaining("V2 (V2__invoices_customer_index.sql) is Failed");
        assertThat(history(byKit)).isEqualTo(history(byFlyway)).contains("2:V2__invoices_customer_index.sql");
        assertThat(schema(byKit).differencesFrom(schema(byFlyway))).isEmpty();
        assertThat(kit(byFlyway, broken).problems())
                .singleElement()
                .asString()
                .contains("is Failed in public.billing_schema_history");
        assertThat(flyway(byKit.spec(), broken, "info").output())
                .as("flyway info on the kit's half-failed deploy")
                .containsPattern("\\| 2 +\\| invoices customer index.*\\| Failed");
        byFlyway.close();
        byKit.close();
    }
}
