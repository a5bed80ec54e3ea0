package runbooks.kit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.PsqlSplitter;

class StatementsTest {

    private static ConnectionSpec database;
    private static PsqlSplitter psql;

    @BeforeAll
    static void start() {
        database = LocalTargets.cluster().createDatabase("split");
        psql = PsqlSplitter.on(database);
    }

    @AfterAll
    static void drop() {
        LocalTargets.cluster().dropDatabase(database.database());
    }

    @Test
    @DisplayName("splits what PostgreSQL migrations contain as psql reads them, with lines and allowances")
    void should_split_postgres_statements() {
        String sql = """
                -- header
                CREATE TABLE t (id int);

                -- gate:allow drop-column reason: column unused since 2025, confirmed by the app team
                ALTER TABLE t DROP COLUMN id;
                DO $$ BEGIN RAISE NOTICE 'x; y'; END $$;
                CREATE INDEX CONCURRENTLY t_idx ON t (id);
                ALTER TYPE e ADD VALUE 'W1';
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$
                BEGIN
                  RETURN 1;
                END;
                $fn$;
                -- gate:allow table-rewrite
                ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0) NOT VALID;
                """;
        List<Statements.Statement> statements = Statements.of("m.sql", sql, psql);
        assertThat(statements).extracting(Statements.Statement::line).containsExactly(2, 5, 6, 7, 8, 9, 15);
        assertThat(statements.get(1).allowances()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("drop-column");
            assertThat(a.reason()).isEqualTo("column unused since 2025, confirmed by the app team");
        });
        assertThat(statements.get(3).transactional()).isFalse();
        assertThat(statements.get(0).transactional()).isTrue();
        assertThat(statements.get(5).sql()).contains("RETURN 1;");
        assertThat(statements.get(6).allowances())
                .singleElement()
                .satisfies(a -> assertThat(a.reason()).isNull());
        assertThat(statements.get(0).allowances()).isEmpty();
        assertThat(statements.get(0).sql()).startsWith("CREATE TABLE t");
        assertThat(statements.get(1).sql()).startsWith("ALTER TABLE t DROP COLUMN id");
        assertThat(statements.get(4).isEnumAddValue()).isTrue();
        assertThat(statements.get(4).transactionalOn(150000)).isTrue();
        assertThat(statements.get(4).transactionalOn(110000)).isFalse();
    }

    @Test
    @DisplayName(
            "psql's variables are replaced and its \\set done; COPY rows stay with their COPY; nothing reaches the server")
    void should_read_as_psql_without_sending() throws Exception {
        String sql = """
                \\set lo 100
                CREATE TABLE split_probe (id int);
                UPDATE orders SET total = 0
                 WHERE id >= :lo;
                COPY split_probe (id) FROM STDIN;
                1
                2;3
                \\.
                SELECT 'after; the rows';
                """;
        List<Statements.Statement> statements = Statements.of("f.sql", sql, psql);
        assertThat(statements).extracting(Statements.Statement::line).containsExactly(2, 3, 5, 9);
        assertThat(statements.get(1).sql()).isEqualTo("UPDATE orders SET total = 0\n WHERE id >= 100;");
        assertThat(statements.get(2).sql()).endsWith("1\n2;3\n\\.");
        assertThat(statements.get(3).sql()).isEqualTo("SELECT 'after; the rows';");
        try (Connection c = Connections.open(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('split_probe') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1))
                    .as("psql sent nothing: no table was created")
                    .isTrue();
        }
    }
}
