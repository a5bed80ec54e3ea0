package runbooks.kit.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static runbooks.kit.schema.SchemaAssert.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.sql.SqlFile;

class SchemaAssertTest {

    private static Catalog catalog;

    @BeforeAll
    static void schema() {
        Target target = LocalTargets.fresh("schema");
        target.verify().execute(new SqlFile("test/schema.sql", """
                CREATE TYPE tf AS ENUM ('H1', 'D1');
                CREATE TABLE bars (id bigserial PRIMARY KEY, "eventTime" timestamptz NOT NULL, note text DEFAULT 'x');
                CREATE INDEX bars_time ON bars ("eventTime");
                CREATE VIEW v_bars AS SELECT * FROM bars;
                CREATE FUNCTION f_def() RETURNS integer LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
                CREATE FUNCTION f_inv() RETURNS integer LANGUAGE sql AS 'SELECT 1';"""));
        catalog = new Catalog(target);
    }

    @Test
    @DisplayName("passes on what exists")
    void should_pass_on_existing_objects() {
        assertThat(catalog)
                .table("bars")
                .column("eventTime")
                .hasType("timestamp with time zone")
                .isNotNull()
                .column("note")
                .isNullable()
                .hasDefault("'x'::text")
                .and()
                .hasIndexOn("eventTime")
                .isNotUnique();
        assertThat(catalog).enumType("tf").hasLabel("D1");
        assertThat(catalog).hasView("v_bars");
        assertThat(catalog).function("f_def").returns("integer").isSecurityDefiner();
    }

    @Test
    @DisplayName("a missing index names the table, the columns and the indexes it has")
    void should_fail_when_index_is_missing() {
        assertThatThrownBy(() -> assertThat(catalog).table("bars").hasIndexOn("note"))
                .hasMessage(
                        "Expecting%n  public.bars%nto have index on columns:%n  (note)%nbut had indexes:%n  bars_pkey (id) unique%n  bars_time (eventTime)"
                                .formatted());
    }

    @Test
    @DisplayName("each check fails with where, what was expected and what was found")
    void should_fail_with_expected_and_actual() {
        assertThatThrownBy(() -> assertThat(catalog).table("nope")).hasMessageContaining("public.nope");
        assertThatThrownBy(
                        () -> assertThat(catalog).table("bars").column("note").isNotNull())
                .hasMessageContaining("public.bars.note");
        assertThatThrownBy(() -> assertThat(catalog).table("bars").column("id").hasType("integer"))
                .hasMessageContaining("bigint");
        assertThatThrownBy(() -> assertThat(catalog)
                        .table("bars")
                        .hasIndexOn("eventTime")
                        .isUnique())
                .hasMessageContaining("bars_time");
        assertThatThrownBy(() -> assertThat(catalog).enumType("tf").hasLabel("W1"))
                .hasMessageContaining("[H1, D1]");
        assertThatThrownBy(() -> assertThat(catalog).function("f_inv").isSecurityDefiner())
                .hasMessageContaining("SECURITY INVOKER");
        assertThatThrownBy(() -> assertThat(catalog).function("f_def").returns("text"))
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> assertThat(catalog).hasView("v_nope")).hasMessageContaining("v_nope");
    }
}
