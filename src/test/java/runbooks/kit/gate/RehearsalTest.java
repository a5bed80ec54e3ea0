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

    @Test
    @DisplayName("a rehearsal runs on the target's major version, one cluster per major, and on the nearest older one,"
            + " said, where the target's binaries cannot be had")
    void should_rehearse_on_the_targets_major() {
        // WHEN clusters are asked for a PostgreSQL 17 target twice, and for a 19 one (no binaries of 19 exist)
        RehearsalClusters.Choice first = RehearsalClusters.forTarget(LocalTargets.cluster(), 170004);
        RehearsalClusters.Choice again = RehearsalClusters.forTarget(LocalTargets.cluster(), 170000);
        RehearsalClusters.Choice newer = RehearsalClusters.forTarget(LocalTargets.cluster(), 190000);
        // THEN 17 is started once and reused, and 19 is rehearsed on 17, the nearest older, with the reason
        assertThat(first.versionNum() / 10000).isEqualTo(17);
        assertThat(first.note()).isEmpty();
        assertThat(again.cluster()).isSameAs(first.cluster());
        assertThat(newer.cluster()).isSameAs(first.cluster());
        assertThat(newer.note())
                .hasValueSatisfying(n -> assertThat(n)
                        .startsWith("no PostgreSQL 19 binaries were found")
                        .endsWith("rehearsed on PostgreSQL " + GateRun.version(first.versionNum())
                                + ", the nearest older"));
    }
}
