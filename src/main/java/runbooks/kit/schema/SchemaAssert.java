package runbooks.kit.schema;

import org.assertj.core.api.AbstractAssert;

/**
 * Fluent checks of a schema, read from pg_catalog.
 *
 * <pre>{@code
 * assertThat(catalog).table("mkt_futures_mes_4h").hasIndexOn("eventTime").isUnique();   // passes once deployed
 * assertThat(catalog).enumType("Timeframe").hasLabel("W1");   // fails before the deploy:
 *   // Expecting enum public."Timeframe" to have label: W1 but had labels: [M1, M5, M15, H1, H4, D1]
 * }</pre>
 */
public final class SchemaAssert extends AbstractAssert<SchemaAssert, Catalog> {

    private SchemaAssert(Catalog actual) {
        super(actual, SchemaAssert.class);
    }

    public static SchemaAssert assertThat(Catalog catalog) {
        return new SchemaAssert(catalog);
    }

    /** Checks the table exists and continues with it. */
    public TableAssert table(String table) {
        if (!actual.hasTable(table)) {
            failWithMessage(
                    "Expecting table%n  %s.%s%nto exist but it does not.%nTo fix: apply the migration that creates it.",
                    actual.schema(), table);
        }
        return new TableAssert(actual, table);
    }

    public SchemaAssert hasView(String view) {
        if (!actual.hasView(view)) {
            failWithMessage("Expecting view%n  %s.%s%nto exist but it does not.", actual.schema(), view);
        }
        return this;
    }

    public EnumAssert enumType(String type) {
        if (!actual.hasType(type)) {
            failWithMessage("Expecting enum type%n  %s.\"%s\"%nto exist but it does not.", actual.schema(), type);
        }
        return new EnumAssert(actual, type);
    }

    public FunctionAssert function(String name) {
        if (actual.functions(name).isEmpty()) {
            failWithMessage("Expecting function%n  %s.%s%nto exist but it does not.", actual.schema(), name);
        }
        return new FunctionAssert(actual, name);
    }
}
