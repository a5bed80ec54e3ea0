package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @DisplayName(
            "a rehearsal rebuilt from a stand-in holds its schema, never its rows: a constraint its rows break still"
                    + " rehearses")
    void should_hold_the_schema_without_rows() throws Exception {
        List<SqlFile> standIn = List.of(new SqlFile(
                "standin.sql",
                "CREATE TABLE invoices (id int PRIMARY KEY, amount_cents int);"
                        + " CREATE INDEX invoices_amount ON invoices (amount_cents);"
                        + " INSERT INTO invoices VALUES (1, NULL), (2, -5);"));
        String migration = "ALTER TABLE invoices ADD CONSTRAINT amount_positive CHECK (amount_cents > 0)";
        ConnectionSpec withRows = Rehearsal.fromScripts(LocalTargets.cluster(), standIn);
        try (Connection c = Connections.open(withRows);
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(migration))
                    .as("the stand-in's rows break the constraint")
                    .hasMessageContaining("violated by some row");
        }

        ConnectionSpec schema = Rehearsal.withoutRows(Rehearsal.fromScripts(LocalTargets.cluster(), standIn));
        try (Connection c = Connections.open(schema);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM invoices");
            rs.next();
            assertThat(rs.getInt(1)).as("rows").isZero();
            rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname = 'invoices_amount'");
            rs.next();
            assertThat(rs.getInt(1)).as("the schema kept").isEqualTo(1);
            s.execute(migration);
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

    @Test
    @DisplayName("the rehearsal carries the target's roles: a policy TO the application's role rehearses on a cluster"
            + " that did not have it")
    void should_carry_the_targets_roles() throws Exception {
        // GIVEN a target on another cluster (PostgreSQL 17) with an application role the local cluster lacks
        String role = "rehearsal_app_" + Long.toHexString(System.nanoTime());
        RehearsalClusters.Choice other = RehearsalClusters.forTarget(LocalTargets.cluster(), 170000);
        ConnectionSpec target = other.cluster().createDatabase("roles_target");
        try (Connection c = Connections.open(target);
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " NOLOGIN");
            s.execute("CREATE TABLE invoices (id int PRIMARY KEY, tenant int)");
        }
        // WHEN the local cluster prepares its rehearsal of that target (rebuilt: pg_dump 15 cannot dump 17)
        Rehearsal.Prepared prepared = Rehearsal.copyOrRebuild(
                LocalTargets.cluster(),
                target,
                () -> Rehearsal.fromScripts(
                        LocalTargets.cluster(),
                        List.of(new SqlFile(
                                "v1.sql",
                                "CREATE TABLE invoices (id int PRIMARY KEY, tenant int);"
                                        + " ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;"
                                        + " CREATE POLICY tenant_rows ON invoices TO " + role
                                        + " USING (tenant = 1);"))),
                "rebuilt");
        // THEN the role is there, and the policy naming it rehearsed
        try (Connection c = Connections.open(prepared.database());
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM pg_policies WHERE policyname = 'tenant_rows'" + " AND '"
                    + role + "' = ANY (roles)");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
