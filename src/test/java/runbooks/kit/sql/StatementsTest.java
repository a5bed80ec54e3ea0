package runbooks.kit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementsTest {

    @Test
    @DisplayName("splits what PostgreSQL migrations contain, with lines and allowances")
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
        List<Statements.Statement> statements = Statements.of("m.sql", sql);
        assertThat(statements).extracting(Statements.Statement::line).containsExactly(2, 5, 6, 7, 8, 9, 15);
        assertThat(statements.get(1).allowances()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("drop-column");
            assertThat(a.reason()).isEqualTo("column unused since 2025, confirmed by the app team");
        });
        assertThat(statements.get(3).transactional()).isFalse();
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
}
