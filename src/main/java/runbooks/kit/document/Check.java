package runbooks.kit.document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a document says a statement returns, in the forms runbooks write it: psql's aligned output pasted under the query
 * (header, dashed rule, rows, {@code (N rows)}), header-less {@code a | b | c} rows, {@code (0 rows)} and "Should return 0
 * rows", a command-tag transcript ({@code BEGIN}, {@code CREATE FUNCTION}, {@code COMMIT}), a comparison ("gap > 0", "&lt;
 * 60", "ALL cursor_ahead = false") and the one-line forms of {@link Expected} (a number, {@code t}/{@code f}, a word, a
 * list). What has no machine-readable form is a check for a person ({@link #forPerson()}), never passed.
 */
public record Check(String text, Form form, List<String> header, List<List<String>> rows, String column, String op) {

    public enum Form {
        /** A row count. */
        ROWS,
        /** One value, or the first column as a list: {@link Expected}. */
        EXPECTED,
        /** Rows as psql prints them, with or without a header. */
        TABLE,
        /** psql's command tags, in order. */
        TAGS,
        /** A JSON value of which the keys shown must hold the values shown. */
        JSON,
        /** A comparison of one value, or of a column in every row. */
        COMPARE,
        PERSON
    }

    /** The {@code op} of a check of several comparisons ("a = 0, b > 0"), each a row: mode, column, operator, value. */
    private static final String ALL_OF = "all of";

    private static final Pattern FOOTER = Pattern.compile("\\((\\d+) rows?\\)");
    private static final Pattern RULE = Pattern.compile("-{2,}(\\+-+)*");
    private static final Pattern TAG = Pattern.compile("[A-Z]+( [A-Z]+)*( \\d+)*");
    private static final Pattern COMPARISON =
            Pattern.compile("(?i)(all\\s+)?([a-z_][\\w.]*)?\\s*(=|<>|!=|>=|<=|>|<)\\s*(\\S+)");
    private static final Pattern FOR_ALL =
            Pattern.compile("(?i)([a-z_][\\w.]*\\s*(?:=|<>|!=|>=|<=|>|<)\\s*[\\w.:+-]+)\\s+for all\\b.*");
    private static final Pattern SHOULD_RETURN =
            Pattern.compile("(?i)^(should|must|will)?\\s*returns?\\s+(no|zero|\\d+)\\s+rows?\\b.*");
    private static final Pattern LEAD =
            Pattern.compile("(?i)^(--\\s*)?(expected( output| result| response)?|should return|returns?)\\s*:?\\s*");

    /**
     * Whether a line of prose or a comment states an expectation ("Expected: 0", "Should return 0 rows", psql's own
     * footer "(0 rows)" under a query).
     */
    public static boolean states(String line) {
        String l = line.strip().replaceFirst("^--\\s*", "");
        return l.matches(
                "(?i)^(expected( output| result| response)?\\s*:.*|should return\\b.*|returns? (no|\\d+) rows?\\b.*"
                        + "|\\(\\d+ rows?\\))");
    }

    /** One line ("Expected: gap > 0", "Should return 0 rows", "-- Expected: character | 3 | YES"). */
    public static Check line(String line) {
        String said = line.strip();
        Matcher should = SHOULD_RETURN.matcher(said.replaceFirst("^--\\s*", ""));
        if (should.matches()) {
            String n = should.group(2).toLowerCase(Locale.ROOT);
            return rows(said, n.equals("no") || n.equals("zero") ? 0 : Integer.parseInt(n));
        }
        String value = LEAD.matcher(said).replaceFirst("").strip().replaceFirst("[.:]$", "");
        if (value.isEmpty()) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        if (value.startsWith("{")) {
            return json(said, value);
        }
        Matcher footer = FOOTER.matcher(value);
        if (footer.matches()) {
            return rows(said, Integer.parseInt(footer.group(1)));
        }
        if (value.contains("|")) {
            return block(said, List.of(value));
        }
        String bare = value.replaceFirst("\\s*\\(.*\\)\\s*$", "").strip();
        // "source_bars_available > 0 for all idle tasks": the rows the query returns are the ones meant, so every row.
        Matcher forAll = FOR_ALL.matcher(bare);
        if (forAll.matches() && !bare.toLowerCase(Locale.ROOT).startsWith("all ")) {
            bare = "ALL " + forAll.group(1);
        }
        // "foreign_rows = 0, visible > 0": each a comparison of a named column, all of which must hold.
        List<String> parts = List.of(bare.split("(?i)\\s*(,|;|\\band\\b)\\s*"));
        if (parts.size() > 1
                && parts.stream().allMatch(part -> {
                    Matcher m = COMPARISON.matcher(part);
                    return m.matches() && m.group(2) != null;
                })) {
            List<List<String>> each = new ArrayList<>();
            for (String part : parts) {
                Matcher m = COMPARISON.matcher(part);
                m.matches();
                each.add(List.of(m.group(1) == null ? "one" : "all", m.group(2), m.group(3), m.group(4)));
            }
            return new Check(said, Form.COMPARE, List.of("each"), List.copyOf(each), null, ALL_OF);
        }
        Matcher compare = COMPARISON.matcher(bare);
        if (compare.matches()
                && (compare.group(1) != null
                        || compare.group(2) != null
                        || !compare.group(3).equals("="))) {
            return new Check(
                    said,
                    Form.COMPARE,
                    List.of(compare.group(1) == null ? "one" : "all"),
                    List.of(List.of(compare.group(4))),
                    compare.group(2),
                    compare.group(3));
        }
        Expected expected = Expected.parse(value);
        if (expected.kind() == Expected.Kind.ROWS) {
            return rows(said, Integer.parseInt(expected.values().get(0)));
        }
        if (expected.kind() == Expected.Kind.HUMAN) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        return new Check(
                said,
                Form.EXPECTED,
                List.of(),
                List.of(expected.values()),
                expected.kind().name(),
                null);
    }

    /** Lines of output as a person pasted them (a code block under the query, or commented lines). */
    public static Check block(String said, List<String> lines) {
        // Blank lines at either end are layout; inside a table a blank line is a NULL (or empty) value psql printed.
        List<String> trimmed = lines.stream().map(String::stripTrailing).toList();
        int from = 0;
        int to = trimmed.size();
        while (from < to && trimmed.get(from).isBlank()) {
            from++;
        }
        while (to > from && trimmed.get(to - 1).isBlank()) {
            to--;
        }
        List<String> kept = trimmed.subList(from, to);
        if (kept.isEmpty()) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        if (kept.size() == 1 && FOOTER.matcher(kept.get(0).strip()).matches()) {
            return rows(said, Integer.parseInt(kept.get(0).strip().replaceAll("\\D", "")));
        }
        if (kept.stream().allMatch(l -> TAG.matcher(l.strip()).matches())) {
            return new Check(
                    said,
                    Form.TAGS,
                    List.of(),
                    List.of(kept.stream().map(String::strip).toList()),
                    null,
                    null);
        }
        int rule = -1;
        for (int i = 0; i < kept.size(); i++) {
            if (RULE.matcher(kept.get(i).strip()).matches()) {
                rule = i;
                break;
            }
        }
        List<String> header = rule > 0 ? cells(kept.get(rule - 1)) : List.of();
        List<List<String>> rows = new ArrayList<>();
        String footer = null;
        for (String l : kept.subList(rule + 1, kept.size())) {
            if (FOOTER.matcher(l.strip()).matches()) {
                footer = l.strip();
                break;
            }
            rows.add(cells(l));
        }
        if (rule < 0 && rows.stream().anyMatch(r -> r.size() == 1) && kept.size() > 1) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        if (footer != null && Integer.parseInt(footer.replaceAll("\\D", "")) != rows.size()) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        return new Check(said, Form.TABLE, header, rows, null, null);
    }

    /** A JSON object shown as the result: the keys it shows must hold the values it shows (others may be there too). */
    public static Check json(String said, String json) {
        try {
            JSON_READER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new Check(said, Form.PERSON, List.of(), List.of(), null, null);
        }
        return new Check(said, Form.JSON, List.of(), List.of(List.of(json)), null, null);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_READER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** This check with {@code :name} values replaced by the psql variables an earlier statement recorded. */
    public Check resolved(java.util.Map<String, String> variables) {
        List<List<String>> values = rows.stream()
                .map(r -> r.stream()
                        .map(v -> v.startsWith(":") && variables.containsKey(v.substring(1))
                                ? variables.get(v.substring(1))
                                : v)
                        .toList())
                .toList();
        return new Check(text, form, header, values, column, op);
    }

    private static Check rows(String said, int count) {
        return new Check(said, Form.ROWS, List.of(), List.of(List.of(String.valueOf(count))), null, null);
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }

    public boolean forPerson() {
        return form == Form.PERSON;
    }

    /** What differs between the statement's output and this check; empty when they agree. */
    public Optional<String> mismatch(PsqlOutput out) {
        if (form == Form.TAGS) {
            List<String> expected = rows.get(0);
            return out.tags().equals(expected)
                    ? Optional.empty()
                    : Optional.of("psql printed " + out.tags() + " where the document expects " + expected);
        }
        Optional<PsqlOutput.Result> last = out.last();
        if (last.isEmpty()) {
            return Optional.of("the statement returned no rows to check (expected: " + text + ")");
        }
        PsqlOutput.Result r = last.get();
        switch (form) {
            case JSON:
                return jsonMismatch(r);
            case ROWS:
                int n = Integer.parseInt(rows.get(0).get(0));
                return r.rows().size() == n
                        ? Optional.empty()
                        : Optional.of(r.rows().size() + " rows where the document expects " + n + ":\n" + r.text(10));
            case EXPECTED:
                return new Expected(text, Expected.Kind.valueOf(column), rows.get(0)).mismatch(r.asRows());
            case TABLE:
                if (!header.isEmpty() && !header.equals(r.header())) {
                    return Optional.of("columns " + r.header() + " where it expects " + header);
                }
                return rows.equals(r.rows())
                        ? Optional.empty()
                        : Optional.of("rows:\n" + r.text(20) + "\nwhere it expects:\n" + table(rows));
            case COMPARE:
                return compare(r);
            default:
                return Optional.of("a check for a person: " + text);
        }
    }

    private Optional<String> jsonMismatch(PsqlOutput.Result r) {
        if (r.rows().size() != 1 || r.header().size() != 1) {
            return Optional.of(r.rows().size() + " rows where it expects one JSON value:\n" + r.text(5));
        }
        try {
            var expected = JSON_READER.readTree(rows.get(0).get(0));
            var actual = JSON_READER.readTree(r.rows().get(0).get(0));
            List<String> differ = new ArrayList<>();
            expected.fieldNames().forEachRemaining(k -> {
                if (!expected.get(k).equals(actual.get(k))) {
                    differ.add(k + " = " + actual.get(k) + " where it expects " + expected.get(k));
                }
            });
            return differ.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differ));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.of("not JSON: " + r.rows().get(0).get(0));
        }
    }

    private Optional<String> compare(PsqlOutput.Result r) {
        if (ALL_OF.equals(op)) {
            List<String> failed = new ArrayList<>();
            for (List<String> c : rows) {
                new Check(text, Form.COMPARE, List.of(c.get(0)), List.of(List.of(c.get(3))), c.get(1), c.get(2))
                        .compare(r)
                        .ifPresent(failed::add);
            }
            return failed.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failed));
        }
        boolean all = header.get(0).equals("all");
        int index = column == null ? 0 : r.header().indexOf(column);
        if (index < 0) {
            return Optional.of("no column " + column + " in " + r.header() + " (expected: " + text + ")");
        }
        if (!all && r.rows().size() != 1) {
            return Optional.of(
                    r.rows().size() + " rows where the document compares one value (" + text + "):\n" + r.text(10));
        }
        String want = rows.get(0).get(0);
        for (List<String> row : r.rows()) {
            String actual = row.get(index);
            if (!holds(actual, op, want)) {
                return Optional.of(r.header().get(index) + " = " + actual + " where the document expects " + op + " "
                        + want
                        + (all
                                ? " in every row; this row: "
                                        + String.join(
                                                " | ",
                                                row.stream()
                                                        .map(PsqlOutput::shown)
                                                        .toList())
                                : ""));
            }
        }
        return Optional.empty();
    }

    private static boolean holds(String actual, String op, String want) {
        int c;
        try {
            c = new BigDecimal(actual).compareTo(new BigDecimal(want));
        } catch (NumberFormatException e) {
            String a = normal(actual);
            String w = normal(want);
            c = a.compareTo(w);
        }
        return switch (op) {
            case "=" -> c == 0;
            case "<>", "!=" -> c != 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
        };
    }

    private static String normal(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return v.equals("true") ? "t" : v.equals("false") ? "f" : v;
    }

    private static String table(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        rows.forEach(r -> b.append(' ')
                .append(String.join(" | ", r.stream().map(PsqlOutput::shown).toList()))
                .append('\n'));
        return b.toString();
    }
}
