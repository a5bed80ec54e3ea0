package runbooks.kit.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbooks.kit.sql.Statements;

/**
 * The statements of one gate run that did not run in the rehearsal (refused by an older server, or failing), so that
 * what fails later only because they did not run is reported as not judged instead of as a failure of its own.
 *
 * <p>PostgreSQL judges, not a parser: a later statement depends on one of them when PostgreSQL refuses it because an
 * object does not exist (undefined table, column, object, function, schema) and the object's name, as the error names
 * it, is a word of an unrehearsed statement, the one that would have made it. Any other failure is the statement's own.
 */
final class Unrehearsed {

    /** undefined_table, undefined_column, undefined_object (type, index, constraint...), undefined_function, schema. */
    private static final Set<String> MISSING_OBJECT = Set.of("42P01", "42703", "42704", "42883", "3F000");

    /** The missing object as PostgreSQL's message names it: the first quoted name, or a function before its arguments. */
    private static final Pattern NAMED =
            Pattern.compile("\"([^\"]+)\"|function ([^\\s(]+)\\(|column ([^\\s\"]+) does not exist");

    private final List<Statements.Statement> statements = new ArrayList<>();

    void add(Statements.Statement s) {
        statements.add(s);
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    /**
     * The first unrehearsed statement whose text names the object PostgreSQL says is missing (the one that would have
     * made it, before those that failed for its sake), if the error is of that kind.
     */
    Optional<Statements.Statement> explaining(String sqlState, String message) {
        if (statements.isEmpty() || !MISSING_OBJECT.contains(sqlState)) {
            return Optional.empty();
        }
        Matcher m = NAMED.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        name = name.substring(name.lastIndexOf('.') + 1);
        Pattern word = Pattern.compile(
                "(?<![A-Za-z0-9_$])\"?" + Pattern.quote(name) + "\"?(?![A-Za-z0-9_$])", Pattern.CASE_INSENSITIVE);
        return statements.stream().filter(s -> word.matcher(s.sql()).find()).findFirst();
    }
}
