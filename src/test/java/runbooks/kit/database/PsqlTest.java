package runbooks.kit.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.data.Rows;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.SqlFile;

@DisplayName("Target.psql: a file run as psql -v ON_ERROR_STOP=1 -f runs it")
class PsqlTest {

    @Test
    @DisplayName(
            "CREATE INDEX CONCURRENTLY after other statements runs (outside any transaction); every result is kept")
    void should_run_concurrently_outside_a_transaction() {
        try (Target target = LocalTargets.fresh("psql")) {
            List<Rows> results = target.verify().psql(new SqlFile("t.sql", """
                    -- a comment with a ; in it
                    CREATE TABLE t (id int PRIMARY KEY, note text);
                    INSERT INTO t VALUES (1, 'a;b'), (2, $$it's; fine$$);
                    CREATE INDEX CONCURRENTLY t_note_idx ON t (note);
                    SELECT count(*) AS n FROM t;
                    SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1;
                    """), Map.of());
            assertThat(results).hasSize(2);
            assertThat(results.get(0).single("n")).isEqualTo("2");
            assertThat(results.get(1).column("indexname")).containsExactly("t_note_idx", "t_pkey");
        }
    }

    @Test
    @DisplayName(
            "the first error stops the file; a transaction the file opened is rolled back, earlier autocommitted statements stay")
    void should_stop_at_the_first_error() {
        try (Target target = LocalTargets.fresh("psql")) {
            assertThatThrownBy(() -> target.verify().psql(new SqlFile("t.sql", """
                    CREATE TABLE kept (id int);
                    BEGIN;
                    CREATE TABLE undone (id int);
                    SELECT 1/0;
                    COMMIT;
                    CREATE TABLE never (id int);
                    """), Map.of()))
                    .hasMessageContaining("t.sql")
                    .hasMessageContaining("division by zero");
            Rows tables = target.read(
                    "tables",
                    "SELECT string_agg(tablename, ',' ORDER BY tablename) AS t FROM pg_tables WHERE schemaname = 'public'");
            assertThat(tables.single("t")).isEqualTo("kept");
        }
    }

    @Test
    @DisplayName("a psql backslash command is refused with its line, before anything runs")
    void should_refuse_backslash_commands() {
        try (Target target = LocalTargets.fresh("psql")) {
            assertThatThrownBy(() -> target.verify()
                            .psql(new SqlFile("t.sql", "CREATE TABLE t (id int);\n\\set lo 1\n"), Map.of()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("\\set lo 1");
            assertThat(target.read("n", "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")
                            .single("n"))
                    .isEqualTo("0");
        }
    }
}
