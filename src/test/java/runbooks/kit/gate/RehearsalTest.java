package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.sql.SqlFile;

class RehearsalTest {

    @Test
    @DisplayName("the rehearsal holds the target's schema, copied by pg_dump or rebuilt, and never is the target")
    void should_hold_the_target_schema() throws Exception {
        ConnectionSpec target = LocalTargets.cluster().createDatabase("rehearsal_target");
        try (Connection c = Connections.open(target);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE drifted (id int PRIMARY KEY, note text)");
        }
        Rehearsal.Prepared prepared = Rehearsal.copyOrRebuild(
                LocalTargets.cluster(),
                target,
                () -> Rehearsal.fromScripts(
                        LocalTargets.cluster(),
                        List.of(new SqlFile("t.sql", "CREATE TABLE drifted (id int PRIMARY KEY, note text)"))),
                "rebuilt");
        assertThat(prepared.database().database()).isNotEqualTo(target.database());
        assertThat(prepared.how())
                .satisfiesAnyOf(
                        h -> assertThat(h).startsWith("pg_dump --schema-only of"),
                        h -> assertThat(h).startsWith("rebuilt"));
        try (Connection c = Connections.open(prepared.database());
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'drifted'");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
