package runbooks.kit.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resource.StringResource;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * A migration file split into statements by Flyway's PostgreSQL parser (the same splitter that applies
 * it), with line numbers and the allowances written above each statement.
 */
public final class Statements {

    /** {@code -- gate:allow <rule> reason: <why>} on a line directly above a statement. */
    public static final Pattern ALLOWANCE =
            Pattern.compile("--\\s*gate:allow\\s+([a-z0-9-]+)(?:\\s+reason:\\s*(.*\\S))?\\s*$");

    /** Comments before a statement, which Flyway keeps in its text. */
    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(\\s*(--[^\\n]*(\\n|$)|/\\*.*?\\*/))*\\s*", Pattern.DOTALL);

    /** An allowance; {@code reason} is null when the comment gave none (itself a finding). */
    public record Allowance(String rule, String reason, int line) {}

    /** One statement. {@code transactional} is Flyway's judgement: false for CONCURRENTLY and the like. */
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

    private Statements() {}

    public static List<Statement> of(String name, String text) {
        PostgreSQLParser parser =
                new PostgreSQLParser(Flyway.configure().placeholderReplacement(false), new ParsingContext());
        String[] lines = text.split("\n", -1);
        List<Statement> out = new ArrayList<>();
        int previousEnd = 0;
        try (SqlStatementIterator it = parser.parse(new StringResource(text))) {
            while (it.hasNext()) {
                SqlStatement s = it.next();
                int line = s.getLineNumber();
                List<Allowance> allowances = new ArrayList<>();
                for (int i = Math.max(previousEnd, 0); i < line - 1 && i < lines.length; i++) {
                    Matcher m = ALLOWANCE.matcher(lines[i].strip());
                    if (m.find()) {
                        allowances.add(new Allowance(m.group(1), m.group(2), i + 1));
                    }
                }
                String body = LEADING_COMMENTS.matcher(s.getSql()).replaceFirst("");
                out.add(new Statement(name, line, body, s.canExecuteInTransaction(), List.copyOf(allowances)));
                previousEnd = line - 1 + (int) body.lines().count();
            }
        }
        return out;
    }
}
