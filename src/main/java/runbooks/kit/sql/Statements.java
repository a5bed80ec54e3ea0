package runbooks.kit.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration file split into statements as psql reads it ({@link Splitter}), with line numbers, the allowances written
 * above each statement, and whether PostgreSQL runs it inside a transaction block.
 */
public final class Statements {

    /** {@code -- gate:allow <rule> reason: <why>} on a line directly above a statement. */
    public static final Pattern ALLOWANCE =
            Pattern.compile("--\\s*gate:allow\\s+([a-z0-9-]+)(?:\\s+reason:\\s*(.*\\S))?\\s*$");

    /** Comments before a statement, which psql keeps in its text when they are block comments. */
    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*\\s*", Pattern.DOTALL);

    /** An allowance; {@code reason} is null when the comment gave none (itself a finding). */
    public record Allowance(String rule, String reason, int line) {}

    /** One statement. {@code transactional} is false for what PostgreSQL refuses in a transaction block (CONCURRENTLY and the like). */
    public record Statement(String file, int line, String sql, boolean transactional, List<Allowance> allowances) {

        /** The first line, shortened, for reports. */
        public String summary() {
            String first = sql.strip().lines().findFirst().orElse("");
            return first.length() > 120 ? first.substring(0, 117) + "..." : first;
        }

        /** BEGIN / COMMIT and friends, which the rehearsal turns into its own transaction boundaries. */
        public boolean isTransactionControl() {
            return sql.strip()
                    .matches("(?is)(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK)(\\s+(WORK|TRANSACTION))?\\s*;?");
        }

        /** {@code ALTER TYPE ... ADD VALUE}: transactional from PostgreSQL 12 on, which Flyway decides only when connected. */
        public boolean isEnumAddValue() {
            return sql.strip().matches("(?is)ALTER\\s+TYPE\\s+.+\\s+ADD\\s+VALUE\\b.*");
        }

        /**
         * A statement PostgreSQL refuses inside a transaction block whatever the tool thinks ("cannot run inside a
         * transaction block"): VACUUM, REINDEX ... CONCURRENTLY (and REINDEX SYSTEM/DATABASE), CREATE/DROP DATABASE.
         */
        public boolean refusesTransactionBlock() {
            String text = sql.strip();
            return text.matches("(?is)VACUUM\\b.*")
                    || text.matches("(?is)REINDEX\\b.*\\bCONCURRENTLY\\b.*")
                    || text.matches("(?is)REINDEX\\s+(SYSTEM|DATABASE)\\b.*")
                    || text.matches("(?is)(CREATE|DROP)\\s+DATABASE\\b.*");
        }

        /** Whether it can run inside a transaction on a server of {@code serverVersionNum}. */
        public boolean transactionalOn(int serverVersionNum) {
            return isEnumAddValue() ? serverVersionNum >= 120000 : transactional;
        }

        public boolean opensTransaction() {
            return sql.strip().matches("(?is)(BEGIN|START\\s+TRANSACTION).*");
        }
    }

    /** Splits SQL text into the statements as they would be sent, in order (psql's own reading, in the database package). */
    @FunctionalInterface
    public interface Splitter {
        List<String> split(String text);
    }

    /** What PostgreSQL refuses inside a transaction block, as Flyway judges it (ALTER TYPE ... ADD VALUE: {@link Statement#transactionalOn}). */
    private static final Pattern NON_TRANSACTIONAL = Pattern.compile(
            "(?is)^((CREATE|DROP)\\s+(DATABASE|TABLESPACE|SUBSCRIPTION)\\b|(CREATE|DROP)(\\s+UNIQUE)?\\s+INDEX\\s+CONCURRENTLY\\b"
                    + "|ALTER\\s+SYSTEM\\b|DISCARD\\s+ALL\\b|REINDEX(\\s+VERBOSE)?\\s+(SCHEMA|DATABASE|SYSTEM)\\b|VACUUM\\b)");

    /** {@code COPY ... FROM STDIN}: its rows follow in the text up to a line {@code \\.}, read as data, not as SQL. */
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("(?is)^COPY\\b.*\\bFROM\\s+STDIN\\b.*");

    private Statements() {}

    /**
     * The statements of {@code text} as {@code splitter} reads them, each with the line of the text it starts on and the
     * allowances written above it. A statement is found in the text where it stands; one whose psql variables were
     * replaced is found by what precedes its first variable.
     */
    public static List<Statement> of(String name, String text, Splitter splitter) {
        List<Statement> out = new ArrayList<>();
        read(name, text, 0, splitter, out);
        return out;
    }

    private static void read(String name, String text, int firstLine, Splitter splitter, List<Statement> out) {
        String[] lines = text.split("\n", -1);
        int cursor = 0;
        int previousEnd = 0;
        for (String sent : splitter.split(text)) {
            String body = LEADING_COMMENTS.matcher(sent).replaceFirst("").strip();
            if (body.isEmpty()) {
                continue;
            }
            int at = text.indexOf(body, cursor);
            int length = body.length();
            if (at < 0) {
                String first = body.lines().findFirst().orElse(body);
                String known = first.contains(":") ? first.substring(0, first.indexOf(':')) : first;
                at = known.isBlank() ? -1 : text.indexOf(known, cursor);
                length = known.length();
            }
            if (at < 0) {
                at = cursor;
                length = 0;
            }
            int line =
                    (int) text.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;
            List<Allowance> allowances = new ArrayList<>();
            for (int i = Math.max(previousEnd, 0); i < line - 1 && i < lines.length; i++) {
                Matcher m = ALLOWANCE.matcher(lines[i].strip());
                if (m.find()) {
                    allowances.add(new Allowance(m.group(1), m.group(2), firstLine + i + 1));
                }
            }
            cursor = at + length;
            previousEnd = line - 1 + (int) body.lines().count();
            boolean transactional = !NON_TRANSACTIONAL.matcher(body).find()
                    && !body.matches("(?is)ALTER\\s+TYPE\\s+.+\\s+ADD\\s+VALUE\\b.*");
            int end = COPY_FROM_STDIN.matcher(body).matches() ? text.indexOf("\n\\.", cursor) : -1;
            if (end < 0) {
                out.add(new Statement(name, firstLine + line, body, transactional, List.copyOf(allowances)));
                continue;
            }
            // The rows psql would send as COPY data: part of the statement; what follows them is read afresh.
            int after = text.indexOf('\n', end + 1);
            String rows = text.substring(Math.min(text.indexOf('\n', cursor) + 1, end + 1), end + 3);
            out.add(new Statement(name, firstLine + line, body + "\n" + rows, transactional, List.copyOf(allowances)));
            if (after >= 0) {
                int rest = (int) text.substring(0, after + 1)
                        .chars()
                        .filter(ch -> ch == '\n')
                        .count();
                read(name, text.substring(after + 1), firstLine + rest, splitter, out);
            }
            return;
        }
    }
}
