package runbooks.kit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.data.Rows;

class AsFoundTest {

    private static final SchemaSnapshot SCHEMA = new SchemaSnapshot(Map.of("table orders", "id bigint"));

    private static Rows tables(List<String>... rows) {
        return new Rows("content_checksums.sql", List.of("table", "row_count", "content_sum"), List.of(rows));
    }

    @Test
    @DisplayName("rows are compared table by table: a count, a content or a table gone is named; the same is nothing")
    void should_name_each_table_whose_rows_differ() {
        AsFound before = AsFound.schema(SCHEMA)
                .withTables(tables(
                        List.of("orders", "3", "a1"), List.of("payments", "2", "b2"), List.of("refunds", "1", "c3")));
        AsFound now =
                AsFound.schema(SCHEMA).withTables(tables(List.of("orders", "4", "a9"), List.of("payments", "2", "b7")));

        assertThat(before.tableChanges(now))
                .containsExactly(
                        "orders: 3 rows before the deploy, 4 now",
                        "payments: 2 rows before the deploy, 2 now (content changed)",
                        "refunds: 1 rows before the deploy, gone");
        assertThat(before.tableChanges(before)).isEmpty();
        assertThat(before.schemaChanges(now)).isEmpty();
    }

    @Test
    @DisplayName("the schema is compared object by object, a changed definition named")
    void should_name_each_object_that_changed() {
        AsFound before = AsFound.schema(SCHEMA);
        AsFound now = AsFound.schema(new SchemaSnapshot(Map.of("table orders", "id integer")));

        assertThat(before.schemaChanges(now)).singleElement().asString().startsWith("table orders");
    }
}
