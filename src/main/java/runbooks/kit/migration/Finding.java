package runbooks.kit.migration;

/**
 * One thing a migration gate found.
 *
 * @param rule stable code, e.g. {@code grep-destructive}
 * @param file the migration file's name
 * @param line 1-based line of the statement
 * @param statement the offending text
 * @param advice what to do instead ("To fix: ...")
 */
public record Finding(String rule, String severity, String file, int line, String statement, String advice) {

    @Override
    public String toString() {
        return file + ":" + line + " [" + rule + ", " + severity + "] " + statement + "\n    To fix: " + advice;
    }
}
