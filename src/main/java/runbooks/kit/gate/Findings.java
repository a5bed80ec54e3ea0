package runbooks.kit.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import runbooks.kit.gate.CatalogSnapshot.Relation;
import runbooks.kit.sql.Statements;

/**
 * What the rehearsal of one file found, each finding once, with the statement's allowances applied; and the names of
 * the relations the findings speak of, as the catalog had them before the file or after its latest statement.
 */
final class Findings {

    private final List<Finding> list = new ArrayList<>();
    /** The catalog before the file's first statement. */
    private final CatalogSnapshot pre;
    /** The PostgreSQL version the rehearsal ran on, as each finding names it. */
    private final String rehearsedOn;
    /** The catalog after the latest statement, to name what the file created. */
    private CatalogSnapshot last;

    Findings(CatalogSnapshot pre, String rehearsedOn) {
        this.pre = pre;
        this.rehearsedOn = rehearsedOn;
    }

    /** The catalog after the latest statement. */
    void catalogNow(CatalogSnapshot after) {
        last = after;
    }

    String name(long relOid) {
        Relation r = pre.relations().get(relOid);
        if (r == null && last != null) {
            r = last.relations().get(relOid);
        }
        return r == null ? "relation " + relOid : r.name();
    }

    void add(Rule rule, Statements.Statement s, String detail) {
        Finding f = new Finding(
                rule.code(),
                rule.severity(),
                s.file(),
                s.line(),
                s.summary(),
                detail,
                rule.advice(),
                null,
                rehearsedOn);
        for (Statements.Allowance a : s.allowances()) {
            if (a.rule().equals(rule.code()) && a.reason() != null) {
                f = f.allowed(a.reason());
            }
        }
        boolean duplicate = list.stream()
                .anyMatch(x -> x.rule().equals(rule.code())
                        && x.line() == s.line()
                        && x.file().equals(s.file())
                        && x.detail().equals(detail));
        if (!duplicate) {
            list.add(f);
        }
    }

    /** Whether a finding of one of {@code rules} was made on statement {@code s}. */
    boolean anyOn(Statements.Statement s, Set<String> rules) {
        return list.stream()
                .anyMatch(f -> f.line() == s.line() && f.file().equals(s.file()) && rules.contains(f.rule()));
    }

    List<Finding> list() {
        return list;
    }
}
