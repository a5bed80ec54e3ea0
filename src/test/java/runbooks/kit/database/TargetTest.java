package runbooks.kit.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.SqlFile;

class TargetTest {

    private static final Timeouts TIMEOUTS =
            new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1));

    private static Target unverified(ConnectionSpec spec, String expectedDatabase) {
        return new Target(spec, Expectation.database(expectedDatabase, "environments/test.properties"), TIMEOUTS);
    }

    @Test
    @DisplayName(
            "a write needs a VerifiedTarget, which only verify() makes; a mismatch names expected and actual, and nothing"
                    + " is written")
    void should_refuse_writes_before_verification() {
        assertThat(VerifiedTarget.class.getDeclaredConstructors())
                .as("VerifiedTarget is made only by Target.verify()")
                .allMatch(c -> !java.lang.reflect.Modifier.isPublic(c.getModifiers()));
        ConnectionSpec spec = LocalTargets.cluster().createDatabase("guard");
        Target target = unverified(spec, "the_intended_db");
        SqlFile write = new SqlFile("test/write.sql", "CREATE TABLE should_not_exist (id int)");

        assertThatThrownBy(target::verify)
                .isInstanceOf(SafetyStop.class)
                .hasMessage(
                        "Wrong database targeted, stopping before any write: database: expected the_intended_db, connected to "
                                + spec.database() + " (expected per environments/test.properties).");
        assertThatThrownBy(() -> target.verify().execute(write)).isInstanceOf(SafetyStop.class);
        assertThat(target.verifiedIdentity()).isEmpty();
        assertThat(target.read("tables", "SELECT count(*) AS n FROM pg_tables WHERE tablename = 'should_not_exist'")
                        .single("n"))
                .isEqualTo("0");
    }

    @Test
    @DisplayName("checks run read-only and with a statement timeout")
    void should_run_checks_read_only_with_timeout() {
        Target target = LocalTargets.fresh("readonly");
        assertThatThrownBy(() -> target.query(new SqlFile("test/sneaky.sql", "CREATE TABLE sneaky (id int)")))
                .isInstanceOf(SqlFailure.class)
                .hasMessageContaining("read-only transaction");
        Target slow =
                new Target(target.spec(), Expectation.database(target.spec().database(), "test"), TIMEOUTS);
        assertThatThrownBy(() -> slow.query(new SqlFile("test/slow.sql", "SELECT pg_sleep(3)")))
                .isInstanceOf(SqlFailure.class)
                .hasMessageContaining("statement timeout");
    }

    @Test
    @DisplayName("broken SQL in a file is one sentence naming the file")
    void should_name_the_file_when_sql_is_broken() {
        Target target = LocalTargets.fresh("broken");
        assertThatThrownBy(() -> target.query(new SqlFile("mes/checks/broken.sql", "SELEC 1")))
                .hasMessageStartingWith("sql/mes/checks/broken.sql failed: ERROR: syntax error at or near \"SELEC\"");
    }

    @Test
    @DisplayName("an unreachable server is one sentence saying what to check")
    void should_explain_unreachable_server() {
        ConnectionSpec nowhere = new ConnectionSpec("staging", "127.0.0.1", 1, "db", "u", "secret-password");
        assertThatThrownBy(() -> Connections.open(nowhere))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Cannot reach the staging database 127.0.0.1:1/db as u (")
                .hasMessageEndingWith("check the host and port, and that the server is running.")
                .message()
                .doesNotContain("secret-password");
    }

    @Test
    @DisplayName("a wrong password is one sentence, and never printed")
    void should_explain_wrong_password() throws Exception {
        ConnectionSpec admin = LocalTargets.cluster().admin();
        try (Connection c = Connections.open(admin);
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pw_user') THEN "
                    + "CREATE ROLE pw_user LOGIN PASSWORD 'right-password'; END IF; END $$");
            var rs = s.executeQuery("SHOW hba_file");
            rs.next();
            Path hba = Path.of(rs.getString(1));
            String rules = Files.readString(hba);
            if (!rules.contains("pw_user")) {
                Files.writeString(
                        hba,
                        "host all pw_user 127.0.0.1/32 scram-sha-256\nhost all pw_user ::1/128 scram-sha-256\n"
                                + rules);
                s.execute("SELECT pg_reload_conf()");
            }
        }
        ConnectionSpec wrong =
                new ConnectionSpec("staging", "127.0.0.1", admin.port(), "postgres", "pw_user", "wrong-password");
        assertThatThrownBy(() -> Connections.open(wrong))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "the staging database 127.0.0.1:" + admin.port() + "/postgres as pw_user rejected the password;"
                                + " check the password variable in environments/staging.properties.")
                .message()
                .doesNotContain("wrong-password");
        assertThat(Connections.open(wrong.withPassword("right-password"))).isNotNull();
    }

    @Test
    @DisplayName("a wrong database name is one sentence")
    void should_explain_missing_database() {
        ConnectionSpec missing = LocalTargets.cluster().admin().withDatabase("no_such_db");
        assertThatThrownBy(() -> Connections.open(missing))
                .hasMessageEndingWith("does not exist; check the database name or create it.");
    }

    @Test
    @DisplayName("settings reach the SQL file as custom settings")
    void should_pass_settings() {
        Target target = LocalTargets.fresh("settings");
        assertThat(target.query(
                                new SqlFile("test/s.sql", "SELECT current_setting('runbook.x') AS x"),
                                Map.of("runbook.x", "42"))
                        .single("x"))
                .isEqualTo("42");
    }

    @Test
    @DisplayName(
            "two runs against one target serialize: the second waits, then stops with one sentence naming the holder")
    void should_serialize_two_runs_on_one_target() {
        Target first = LocalTargets.fresh("run_lock");
        ConnectionSpec spec = first.spec();
        Target second = new Target(
                spec.withApplication("runbooks/probe/second"),
                Expectation.database(spec.database(), "test"),
                first.timeouts());
        second.verify();
        Target elsewhere = LocalTargets.fresh("run_lock_other");
        first.serializeRuns("probe", Duration.ofSeconds(1));
        second.serializeRuns("probe", Duration.ofMillis(300));
        elsewhere.serializeRuns("probe", Duration.ofMillis(300));
        SqlFile write = new SqlFile("write", "CREATE TABLE IF NOT EXISTS t (id int);");
        try {
            first.verify().execute(write);
            elsewhere.verify().execute(write);
            assertThatThrownBy(() -> second.verify().execute(write))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Another run of the probe runbook holds its lock on " + spec.masked() + ": "
                            + spec.application() + " from ")
                    .hasMessageContaining("(pid ")
                    .hasMessageNotContaining("\n");
            first.close();
            second.verify().execute(write);
        } finally {
            first.close();
            second.close();
            elsewhere.close();
        }
    }

    @Test
    @DisplayName(
            "a statement timeout names the limits and the settings to raise; a lock wait names lock_timeout and the session holding the lock")
    void should_explain_timeouts_and_lock_waits() throws Exception {
        ConnectionSpec spec = LocalTargets.cluster().createDatabase("timeouts");
        Target target = unverified(spec, spec.database());
        target.verify();
        assertThatThrownBy(() -> target.query(new SqlFile("test/slow.sql", "SELECT pg_sleep(5);")))
                .hasMessageStartingWith(
                        "sql/test/slow.sql ran longer than the statement timeout (check.statement_timeout PT0.5S, write.statement_timeout PT5S")
                .hasMessageContaining("raise the setting");
        target.verify().execute(new SqlFile("test/table.sql", "CREATE TABLE locked (id int);"));
        try (Connection holder = Connections.open(spec.withApplication("dba-console"));
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
            assertThatThrownBy(() ->
                            target.verify().execute(new SqlFile("test/insert.sql", "INSERT INTO locked VALUES (1);")))
                    .hasMessageStartingWith("sql/test/insert.sql waited longer than lock_timeout PT1S")
                    .hasMessageContaining("changing nothing")
                    .hasMessageContaining("(dba-console, ")
                    .hasMessageContaining("AccessExclusiveLock on locked");
            holder.rollback();
        }
        target.close();
    }
}
