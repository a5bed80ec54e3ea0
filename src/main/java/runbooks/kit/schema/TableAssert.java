package runbooks.kit.schema;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Checks of one table's columns and indexes. */
public final class TableAssert extends AbstractAssert<TableAssert, Catalog> {

    private final String table;

    TableAssert(Catalog catalog, String table) {
        super(catalog, TableAssert.class);
        this.table = table;
    }

    public ColumnAssert column(String column) {
        Catalog.Column found = actual.column(table, column).orElse(null);
        if (found == null) {
            failWithMessage(
                    "Expecting%n  %s.%s%nto have column:%n  %s%nbut had columns:%n  %s",
                    actual.schema(),
                    table,
                    column,
                    actual.columns(table).stream().map(Catalog.Column::name).collect(Collectors.joining(", ")));
        }
        return new ColumnAssert(actual.schema() + "." + table + "." + column, found, this);
    }

    /** Checks an index whose key columns are exactly {@code columns}, in order, and continues with it. */
    public IndexAssert hasIndexOn(String... columns) {
        List<String> wanted = List.of(columns);
        List<Catalog.Index> indexes = actual.indexes(table);
        Catalog.Index found = indexes.stream()
                .filter(i -> i.columns().equals(wanted))
                .findFirst()
                .orElse(null);
        if (found == null) {
            failWithMessage(
                    "Expecting%n  %s.%s%nto have index on columns:%n  (%s)%nbut had indexes:%n%s",
                    actual.schema(), table, String.join(", ", wanted), describe(indexes));
        }
        return new IndexAssert(actual.schema() + "." + table, found, this);
    }

    private static String describe(List<Catalog.Index> indexes) {
        return indexes.isEmpty()
                ? "  (none)"
                : indexes.stream()
                        .map(i -> "  " + i.name() + " (" + String.join(", ", i.columns()) + ")"
                                + (i.unique() ? " unique" : ""))
                        .collect(Collectors.joining("\n"));
    }

    /** One column. */
    public static final class ColumnAssert extends AbstractAssert<ColumnAssert, Catalog.Column> {
        private final String where;
        private final TableAssert table;

        ColumnAssert(String where, Catalog.Column column, TableAssert table) {
            super(column, ColumnAssert.class);
            this.where = where;
            this.table = table;
        }

        public ColumnAssert hasType(String type) {
            if (!actual.type().equals(type)) {
                failWithMessage(
                        "Expecting column%n  %s%nto have type:%n  %s%nbut had:%n  %s", where, type, actual.type());
            }
            return this;
        }

        public ColumnAssert isNotNull() {
            if (!actual.notNull()) {
                failWithMessage("Expecting column%n  %s%nto be NOT NULL but it is nullable.", where);
            }
            return this;
        }

        public ColumnAssert isNullable() {
            if (actual.notNull()) {
                failWithMessage("Expecting column%n  %s%nto be nullable but it is NOT NULL.", where);
            }
            return this;
        }

        /** The default as pg_get_expr prints it, e.g. {@code 'derived'::text}. */
        public ColumnAssert hasDefault(String expression) {
            if (!expression.equals(actual.defaultExpression())) {
                failWithMessage(
                        "Expecting column%n  %s%nto have default:%n  %s%nbut had:%n  %s",
                        where,
                        expression,
                        actual.defaultExpression() == null ? "(no default)" : actual.defaultExpression());
            }
            return this;
        }

        public ColumnAssert column(String column) {
            return table.column(column);
        }

        public TableAssert and() {
            return table;
        }
    }

    /** One index. */
    public static final class IndexAssert extends AbstractAssert<IndexAssert, Catalog.Index> {
        private final String where;
        private final TableAssert table;

        IndexAssert(String where, Catalog.Index index, TableAssert table) {
            super(index, IndexAssert.class);
            this.where = where;
            this.table = table;
        }

        public IndexAssert isUnique() {
            if (!actual.unique()) {
                failWithMessage(
                        "Expecting index%n  %s on %s%nto be unique but it is not:%n  %s",
                        actual.name(), where, actual.definition());
            }
            return this;
        }

        public IndexAssert isNotUnique() {
            if (actual.unique()) {
                failWithMessage(
                        "Expecting index%n  %s on %s%nnot to be unique but it is:%n  %s",
                        actual.name(), where, actual.definition());
            }
            return this;
        }

        public TableAssert and() {
            return table;
        }
    }
}
