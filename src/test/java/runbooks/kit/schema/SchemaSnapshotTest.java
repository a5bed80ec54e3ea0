package runbooks.kit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SchemaSnapshot: the security surface, and records kept before it was covered")
class SchemaSnapshotTest {

    private static final SchemaSnapshot NOW = new SchemaSnapshot(Map.of(
            "column invoices.id", "bigint NOT NULL",
            "owner schema public", "pg_database_owner",
            "owner table invoices", "billing_owner",
            "policy invoices.tenant", "PERMISSIVE FOR ALL TO billing_app USING ((tenant = 'a'::text))",
            "row security invoices", "enabled"));

    @Test
    @DisplayName("a record without the security surface is compared on what it holds: nothing added")
    void should_compare_an_older_record_without_its_security_surface() {
        SchemaSnapshot older = new SchemaSnapshot(Map.of("column invoices.id", "bigint NOT NULL"));
        assertThat(older.coversSecurity()).isFalse();
        assertThat(NOW.withoutSecuritySurface().differencesFrom(older)).isEmpty();
    }

    @Test
    @DisplayName("a record with the security surface names a policy gone and row-level security turned off")
    void should_name_security_differences() {
        SchemaSnapshot later = new SchemaSnapshot(Map.of(
                "column invoices.id", "bigint NOT NULL",
                "owner schema public", "pg_database_owner",
                "owner table invoices", "billing_owner"));
        assertThat(NOW.coversSecurity()).isTrue();
        assertThat(later.differencesFrom(NOW))
                .containsExactlyInAnyOrder(
                        "policy invoices.tenant: missing (was PERMISSIVE FOR ALL TO billing_app USING ((tenant = 'a'::text)))",
                        "row security invoices: missing (was enabled)");
    }
}
