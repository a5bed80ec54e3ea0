package runbooks.kit.schema;

import java.util.List;
import java.util.Optional;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;

/** Read-only lookups in pg_catalog; the assertions in this package are built on it. */
public final class Catalog {

    /** A column as pg_catalog describes it. */
    public record Column(String name, String type, boolean notNull, String defaultExpression) {}

    /** An index with its key columns in order. */
    public record Index(String name, List<String> columns, boolean unique, String definition) {}

    /** A function with its result type and whether it runs as its owner. */
    public record Function(String name, String signature, String returns, boolean securityDefiner) {}

    private final Target target;
    private final String schema;

    public Catalog(Target target) {
        this(target, "public");
    }

    public Catalog(Target target, String schema) {
        this.target = target;
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    public boolean hasTable(String table) {
        return !target.read(
                        "table " + table,
                        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')",
                        schema,
                        table)
                .isEmpty();
    }

    public boolean hasView(String view) {
        return !target.read(
                        "view " + view,
                        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('v', 'm')",
                        schema,
                        view)
                .isEmpty();
    }

    /** The table's columns and indexes as the report shows them (psql's \\d, in rows). */
    public Rows describe(String table) {
        return target.read(
                "\\d " + schema + "." + table,
                "SELECT 'column' AS kind, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS definition,"
                        + " CASE WHEN a.attnotnull THEN 'not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS details"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped"
                        + " UNION ALL SELECT 'index', i.relname, pg_get_indexdef(i.oid), '' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                        + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ?",
                schema,
                table,
                schema,
                table);
    }

    public List<Column> columns(String table) {
        Rows rows = target.read(
                "columns of " + table,
                "SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,"
                        + " pg_get_expr(d.adbin, d.adrelid) AS default_expr"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                        + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                schema,
                table);
        return java.util.stream.IntStream.range(0, rows.size())
                .mapToObj(i -> new Column(
                        rows.get(i, "name"),
                        rows.get(i, "type"),
                        Boolean.parseBoolean(rows.get(i, "not_null")),
                        rows.get(i, "default_expr")))
                .toList();
    }

    public Optional<Column> column(String table, String column) {
        return columns(table).stream().filter(c -> c.name().equals(column)).findFirst();
    }

    public List<Index> indexes(String table) {
        Rows rows = target.read(
                "indexes of " + table,
                "SELECT i.relname AS name, x.indisunique::text AS is_unique, pg_get_indexdef(i.oid) AS definition,"
                        + " (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)"
                        + "   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS columns"
                        + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                        + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ? ORDER BY i.relname",
                schema,
                table);
        return java.util.stream.IntStream.range(0, rows.size())
                .mapToObj(i -> new Index(
                        rows.get(i, "name"),
                        rows.get(i, "columns") == null
                                ? List.of()
                                : List.of(rows.get(i, "columns").split(",")),
                        Boolean.parseBoolean(rows.get(i, "is_unique")),
                        rows.get(i, "definition")))
                .toList();
    }

    /** Labels of an enum type in their declared order; empty when the type does not exist. */
    public List<String> enumLabels(String type) {
        return target.read(
                        "enum " + type,
                        "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ? ORDER BY e.enumsortorder",
                        schema,
                        type)
                .column("enumlabel");
    }

    public boolean hasType(String type) {
        return !target.read(
                        "type " + type,
                        "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                                + " WHERE n.nspname = ? AND t.typname = ?",
                        schema,
                        type)
                .isEmpty();
    }

    public List<Function> functions(String name) {
        Rows rows = target.read(
                "function " + name,
                "SELECT p.proname AS name, p.oid::regprocedure::text AS signature, pg_get_function_result(p.oid) AS returns,"
                        + " p.prosecdef::text AS secdef FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        + " WHERE n.nspname = ? AND p.proname = ? ORDER BY 2",
                schema,
                name);
        return java.util.stream.IntStream.range(0, rows.size())
                .mapToObj(i -> new Function(
                        rows.get(i, "name"),
                        rows.get(i, "signature"),
                        rows.get(i, "returns"),
                        Boolean.parseBoolean(rows.get(i, "secdef"))))
                .toList();
    }
}
