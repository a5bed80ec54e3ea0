package runbooks.kit.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows a query returned, kept as text the way psql would print them (what the report shows and a document's pasted
 * output is compared with); a row's values read as what they are with {@link Row#integer}, {@link Row#decimal} and
 * {@link Row#bool}, each failing with the column and the value when it is not one.
 */
public record Rows(String source, List<String> columns, List<List<String>> values) implements Iterable<Rows.Row> {

    /** How PostgreSQL prints a {@code timestamptz} (DateStyle ISO): date, time with any fraction, offset. */
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffset("+HH:mm", "+00")
            .toFormatter();

    /** One row: its values by column name ({@code for (Row r : rows) r.get("file")}). */
    public record Row(List<String> columns, List<String> values) {
        public String get(String column) {
            int index = columns.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("no column '" + column + "' (the row has " + columns + ")");
            }
            return values.get(index);
        }

        /** {@code column} as a whole number (a count, an id); fails naming the value when it is none. */
        public long integer(String column) {
            return parse(column, get(column), Long::parseLong, "a whole number");
        }

        /** {@code column} as a number (a duration in minutes, a percentage); fails naming the value when it is none. */
        public double decimal(String column) {
            return parse(column, get(column), Double::parseDouble, "a number");
        }

        /** {@code column} as a boolean, as PostgreSQL prints one ({@code t}/{@code f}); fails naming any other value. */
        public boolean bool(String column) {
            return parse(column, get(column), Row::truth, "a boolean (t or f)");
        }

        /**
         * {@code column} as an instant, as PostgreSQL prints a {@code timestamptz} ({@code 2026-01-11 09:00:00+00},
         * fractions and any offset); fails naming the value when it is none (a {@code timestamp} without its zone too).
         */
        public Instant instant(String column) {
            return parse(
                    column,
                    get(column),
                    text -> OffsetDateTime.parse(text, TIMESTAMPTZ).toInstant(),
                    "a timestamp with time zone");
        }

        private static boolean truth(String text) {
            return switch (text) {
                case "t", "true" -> true;
                case "f", "false" -> false;
                default -> throw new IllegalArgumentException(text);
            };
        }

        private static <T> T parse(
                String column, String text, java.util.function.Function<String, T> parser, String what) {
            if (text == null) {
                throw new AssertionError("column '" + column + "' is NULL where " + what + " was expected");
            }
            try {
                return parser.apply(text.strip());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new AssertionError("column '" + column + "' is '" + text + "', not " + what, e);
            }
        }
    }

    /** Row {@code index} (from 0) with its values by column name and type. */
    public Row row(int index) {
        return new Row(columns, values.get(index));
    }

    /** The only row; fails when there is not exactly one. */
    public Row single() {
        if (values.size() != 1) {
            throw new AssertionError(source + " returned " + values.size() + " rows where one was expected");
        }
        return row(0);
    }

    /** The rows in order, as a stream. */
    public java.util.stream.Stream<Row> stream() {
        return values.stream().map(v -> new Row(columns, v));
    }

    @Override
    public java.util.Iterator<Row> iterator() {
        return values.stream().map(v -> new Row(columns, v)).iterator();
    }

    private static final CsvMapper CSV = new CsvMapper();

    public static Rows read(String source, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> values = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rs.getString(i));
            }
            values.add(Collections.unmodifiableList(row));
        }
        return new Rows(source, List.copyOf(columns), List.copyOf(values));
    }

    public static Rows empty(String source) {
        return new Rows(source, List.of(), List.of());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    /** The value of {@code column} in the only row; fails when there is not exactly one row. */
    public String single(String column) {
        if (values.size() != 1) {
            throw new AssertionError(source + " returned " + values.size() + " rows where one was expected");
        }
        return get(0, column);
    }

    public String get(int row, String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(source + " has no column '" + column + "' (it has " + columns + ")");
        }
        return values.get(row).get(index);
    }

    public List<String> column(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(source + " has no column '" + column + "' (it has " + columns + ")");
        }
        return values.stream().map(r -> r.get(index)).collect(Collectors.toList());
    }

    public String toCsv() {
        if (columns.isEmpty()) {
            return "";
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write rows of " + source + " as CSV", e);
        }
    }

    /** psql-like text, at most {@code limit} rows, for failure messages. */
    public String toText(int limit) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
            for (List<String> row : values.subList(0, Math.min(limit, values.size()))) {
                width[i] = Math.max(width[i], String.valueOf(row.get(i)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, columns, width);
        for (List<String> row : values.subList(0, Math.min(limit, values.size()))) {
            appendLine(out, row, width);
        }
        if (values.size() > limit) {
            out.append("  ... ").append(values.size() - limit).append(" more rows\n");
        }
        out.append("  (").append(values.size()).append(values.size() == 1 ? " row)" : " rows)");
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] width) {
        out.append("  ");
        for (int i = 0; i < cells.size(); i++) {
            String cell = String.valueOf(cells.get(i));
            out.append(i == 0 ? "" : " | ").append(cell).append(" ".repeat(width[i] - cell.length()));
        }
        out.append('\n');
    }
}
