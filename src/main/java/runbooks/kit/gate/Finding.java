package runbooks.kit.gate;

/**
 * One thing a migration gate found.
 *
 * @param rule stable code, e.g. {@code drop-column}
 * @param severity {@code error}, {@code warning} or {@code info}
 * @param file the migration file's name
 * @param line 1-based line of the statement
 * @param statement the offending statement (its first line)
 * @param detail what was seen, e.g. "public.orders.note dropped"
 * @param advice what to do instead
 * @param allowedBecause the reason of a {@code -- gate:allow} comment above the statement, or null
 * @param rehearsedOn the PostgreSQL version the statement was rehearsed on (e.g. {@code 17.5}), or null for a gate that
 *     does not rehearse
 */
public record Finding(
        String rule,
        String severity,
        String file,
        int line,
        String statement,
        String detail,
        String advice,
        String allowedBecause,
        String rehearsedOn) {

    public boolean isAllowed() {
        return allowedBecause != null;
    }

    public Finding allowed(String reason) {
        return new Finding(rule, severity, file, line, statement, detail, advice, reason, rehearsedOn);
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + rule + " (" + severity + (isAllowed() ? ", allowed: " + allowedBecause : "")
                + "): " + detail + "\n    " + statement + "\n    To fix: " + advice;
    }

    /** One finding a line, as a report prints them. */
    public static String lines(java.util.List<Finding> findings) {
        return String.join("\n", findings.stream().map(Finding::toString).toList());
    }
}
