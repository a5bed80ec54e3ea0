package runbooks.kit.document;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbooks.kit.data.Rows;

/**
 * A document's {@code -- Expected: ...} line, read for what a machine can check: a row count ("0 rows", "no rows",
 * "3 rows"), one value (a number, {@code t}/{@code f}/{@code true}/{@code false}, one word such as {@code USD}), or a list of values (the first
 * column, in order). A trailing parenthesis is the author's comment. Anything else ("both columns = true", "a
 * timestamp or later boundary") is a check for a person: {@link Kind#HUMAN}, never passed by the suite.
 */
public record Expected(String text, Kind kind, List<String> values) {

    public enum Kind {
        ROWS,
        VALUE,
        LIST,
        HUMAN
    }

    private static final Pattern ROWS = Pattern.compile("(no|\\d+) rows?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern BOOLEAN = Pattern.compile("t|f|true|false");
    private static final Pattern LIST = Pattern.compile("[\\w.:+-]+(\\s*,\\s*[\\w.:+-]+)+");
    private static final Pattern TOKEN = Pattern.compile("[\\w.:+-]+");

    public static Expected parse(String text) {
        String said = text.strip()
                .replaceFirst("(?i)^--\\s*", "")
                .replaceFirst("(?i)^expected( output| response)?\\s*:?\\s*", "")
                .strip();
        String value = said.replaceFirst("\\s*\\(.*\\)\\s*$", "").strip();
        String lower = value.toLowerCase(Locale.ROOT);
        Matcher rows = ROWS.matcher(lower);
        if (rows.matches()) {
            return new Expected(said, Kind.ROWS, List.of(rows.group(1).equals("no") ? "0" : rows.group(1)));
        }
        if (NUMBER.matcher(value).matches()) {
            return new Expected(said, Kind.VALUE, List.of(value));
        }
        if (BOOLEAN.matcher(lower).matches()) {
            return new Expected(said, Kind.VALUE, List.of(lower.substring(0, 1)));
        }
        if (TOKEN.matcher(value).matches()) {
            return new Expected(said, Kind.VALUE, List.of(value));
        }
        if (LIST.matcher(value).matches()) {
            return new Expected(said, Kind.LIST, List.of(value.split("\\s*,\\s*")));
        }
        return new Expected(said, Kind.HUMAN, List.of());
    }

    /** What differs between these rows and this expectation; empty when they agree. A human check never agrees. */
    public Optional<String> mismatch(Rows rows) {
        switch (kind) {
            case ROWS:
                return rows.size() == Integer.parseInt(values.get(0))
                        ? Optional.empty()
                        : Optional.of(rows.size() + " rows where the document expects " + values.get(0) + ":\n"
                                + rows.toText(10));
            case VALUE:
                if (rows.size() != 1 || rows.columns().isEmpty()) {
                    return Optional.of(rows.size() + " rows where the document expects one value, " + values.get(0)
                            + ":\n" + rows.toText(10));
                }
                String actual = rows.values().get(0).get(0);
                return same(actual, values.get(0))
                        ? Optional.empty()
                        : Optional.of(rows.columns().get(0) + " = " + actual + " where the document expects "
                                + values.get(0));
            case LIST:
                List<String> first = rows.columns().isEmpty()
                        ? List.of()
                        : rows.column(rows.columns().get(0));
                return first.equals(values)
                        ? Optional.empty()
                        : Optional.of(first + " where the document expects " + values);
            default:
                return Optional.of("a check for a person: " + text);
        }
    }

    private static boolean same(String actual, String expected) {
        if (actual == null) {
            return false;
        }
        if (NUMBER.matcher(expected).matches() && NUMBER.matcher(actual).matches()) {
            return new BigDecimal(actual).compareTo(new BigDecimal(expected)) == 0;
        }
        if (expected.equals("t") || expected.equals("f")) {
            String a = actual.toLowerCase(Locale.ROOT);
            return (a.equals("true") ? "t" : a.equals("false") ? "f" : a).equals(expected);
        }
        return actual.strip().equals(expected);
    }
}
