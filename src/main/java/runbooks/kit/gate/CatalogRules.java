package runbooks.kit.gate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import runbooks.kit.gate.CatalogSnapshot.Column;
import runbooks.kit.gate.CatalogSnapshot.Constraint;
import runbooks.kit.gate.CatalogSnapshot.Locks;
import runbooks.kit.gate.CatalogSnapshot.Relation;
import runbooks.kit.sql.Statements;

/**
 * The rules that compare the catalog before and after one statement, family by family: what it dropped or renamed, what
 * it did to existing columns, the constraints it added or validated, the indexes it built, the tables it rewrote. Only
 * objects that existed before the file ({@code pre}) are judged.
 */
final class CatalogRules {

    private final Findings findings;
    private final Statements.Statement s;
    private final CatalogSnapshot pre;
    private final CatalogSnapshot before;
    private final CatalogSnapshot after;
    private final Set<Long> droppedTables = new HashSet<>();
    private final Set<Long> rewrites = new HashSet<>();
    private final Set<Long> explained = new HashSet<>();
    private final Set<Long> droppedConstraintIndexes = new HashSet<>();

    CatalogRules(
            Findings findings,
            Statements.Statement s,
            CatalogSnapshot pre,
            CatalogSnapshot before,
            CatalogSnapshot after) {
        this.findings = findings;
        this.s = s;
        this.pre = pre;
        this.before = before;
        this.after = after;
    }

    private void add(Rule rule, String detail) {
        findings.add(rule, s, detail);
    }

    private String name(long relOid) {
        return findings.name(relOid);
    }

    /** Schemas, tables, constraints and indexes dropped; tables renamed; tables given a new relfilenode (kept for {@link #rewrites}). */
    void drops(boolean transactional) {
        for (String schema : before.schemas()) {
            if (pre.schemas().contains(schema) && !after.schemas().contains(schema)) {
                add(Rule.DROP_SCHEMA, "schema " + schema + " dropped");
            }
        }
        for (Relation r : before.relations().values()) {
            if (!pre.relations().containsKey(r.oid()) || !r.isTable()) {
                continue;
            }
            Relation now = after.relations().get(r.oid());
            if (now == null) {
                droppedTables.add(r.oid());
                add(Rule.DROP_TABLE, r.name() + " dropped");
            } else {
                if (!now.name().equals(r.name())) {
                    add(Rule.RENAME_TABLE, r.name() + " renamed to " + now.name());
                }
                if (now.filenode() != r.filenode()) {
                    rewrites.add(r.oid());
                }
            }
        }
        for (Constraint k : before.constraints().values()) {
            if (pre.constraints().containsKey(k.oid())
                    && !after.constraints().containsKey(k.oid())
                    && !droppedTables.contains(k.relOid())) {
                droppedConstraintIndexes.add(k.indexOid());
                // A CHECK or foreign key dropped only lets more rows in; a key dropped can break the application's ON
                // CONFLICT.
                boolean relaxes = k.kind().equals("c") || k.kind().equals("f");
                add(
                        relaxes ? Rule.RELAX_CONSTRAINT : Rule.DROP_CONSTRAINT,
                        "constraint " + k.name() + " on " + name(k.relOid()) + " dropped");
            }
        }
        for (Relation r : before.relations().values()) {
            if (!pre.relations().containsKey(r.oid())
                    || !r.isIndex()
                    || after.relations().containsKey(r.oid())
                    || droppedTables.contains(r.tableOid())
                    || droppedConstraintIndexes.contains(r.oid())) {
                continue;
            }
            // REINDEX CONCURRENTLY builds a new index and gives it the old one's name: one statement, same name, same
            // table.
            if (after.relations().values().stream()
                    .anyMatch(n -> n.isIndex() && n.name().equals(r.name()) && n.tableOid() == r.tableOid())) {
                continue;
            }
            // A unique index dropped can break the application's ON CONFLICT; any other only slows the queries that
            // used it.
            add(r.unique() ? Rule.DROP_UNIQUE_INDEX : Rule.DROP_INDEX, "index " + r.name() + " dropped");
            if (transactional) {
                add(Rule.INDEX_WITHOUT_CONCURRENTLY, "index " + r.name() + " dropped without CONCURRENTLY");
            }
        }
    }

    /** Existing columns dropped, renamed, retyped with a rewrite or set NOT NULL; new columns NOT NULL without default or with a rewriting default. */
    void columns(List<String> notices) {
        for (Column col : before.columns().values()) {
            if (!pre.columns().containsKey(col.key()) || col.dropped() || droppedTables.contains(col.relOid())) {
                continue;
            }
            Column now = after.columns().get(col.key());
            String where = name(col.relOid()) + "." + col.name();
            if (now == null || now.dropped()) {
                add(Rule.DROP_COLUMN, where + " dropped");
                continue;
            }
            if (!now.name().equals(col.name())) {
                add(Rule.RENAME_COLUMN, where + " renamed to " + now.name());
            }
            if (!now.type().equals(col.type()) && rewrites.contains(col.relOid())) {
                explained.add(col.relOid());
                add(
                        Rule.COLUMN_TYPE_REWRITE,
                        where + " changed from " + col.type() + " to " + now.type() + ", rewriting the table");
            }
            if (now.notNull() && !col.notNull() && !provedNotNull(notices, col.name())) {
                add(Rule.SET_NOT_NULL, where + " set NOT NULL, scanning the table under an ACCESS EXCLUSIVE lock");
            }
        }
        for (Column col : after.columns().values()) {
            if (before.columns().containsKey(col.key())
                    || col.dropped()
                    || !pre.relations().containsKey(col.relOid())) {
                continue;
            }
            String where = name(col.relOid()) + "." + col.name();
            if (col.notNull() && col.defaultExpr() == null) {
                add(
                        Rule.NOT_NULL_WITHOUT_DEFAULT,
                        where + " added NOT NULL without a default: fails on a table with rows");
            }
            if (col.defaultExpr() != null && rewrites.contains(col.relOid())) {
                explained.add(col.relOid());
                add(
                        Rule.VOLATILE_DEFAULT,
                        where + " added with default " + col.defaultExpr() + ", which rewrites the table");
            }
        }
    }

    /**
     * PostgreSQL 12+ skipped SET NOT NULL's scan: a validated CHECK (col IS NOT NULL) proved the column has no nulls, as
     * the server said among the statement's {@code notices} (debug1).
     */
    private static boolean provedNotNull(List<String> notices, String column) {
        return notices.stream()
                .anyMatch(n -> n.contains("existing constraints on column")
                        && n.contains("." + column + "\"")
                        && n.contains("sufficient to prove that it does not contain nulls"));
    }

    /** Constraints on existing tables created valid or building a unique index under lock; validations in the locking transaction or without a statement timeout. */
    void constraints(Locks locksAfter, LockRules locks) {
        for (Constraint k : after.constraints().values()) {
            if (!pre.relations().containsKey(k.relOid())) {
                continue;
            }
            Constraint was = before.constraints().get(k.oid());
            String where = "constraint " + k.name() + " on " + name(k.relOid());
            if (was == null) {
                if ((k.kind().equals("c") || k.kind().equals("f")) && k.validated()) {
                    add(
                            Rule.CONSTRAINT_CREATED_VALID,
                            where + " created valid (" + k.definition() + "): scans the table under lock");
                }
                if ((k.kind().equals("u") || k.kind().equals("p") || k.kind().equals("x"))
                        && !pre.relations().containsKey(k.indexOid())) {
                    add(Rule.UNIQUE_UNDER_LOCK, where + " (" + k.definition() + ") builds its index under lock");
                }
            } else if (!was.validated() && k.validated()) {
                locks.strongLockBefore(k.relOid(), s)
                        .ifPresent(earlier -> add(
                                Rule.VALIDATE_IN_SAME_TRANSACTION,
                                where + " validated in the transaction that took a " + earlier.mode()
                                        + " on it at line "
                                        + earlier.statement().line()));
                if (locksAfter != null && locksAfter.statementTimeout().equals("0")) {
                    add(Rule.MISSING_STATEMENT_TIMEOUT, where + " validated (a full scan) with statement_timeout = 0");
                }
            }
        }
    }

    /** Indexes built or rebuilt on existing tables inside a transaction (without CONCURRENTLY). */
    void indexBuilds(boolean transactional) {
        for (Relation r : after.relations().values()) {
            if (r.isIndex()
                    && !before.relations().containsKey(r.oid())
                    && pre.relations().containsKey(r.tableOid())
                    && transactional
                    && after.constraints().values().stream().noneMatch(k -> k.indexOid() == r.oid())) {
                add(
                        Rule.INDEX_WITHOUT_CONCURRENTLY,
                        "index " + r.name() + " built on " + name(r.tableOid())
                                + " without CONCURRENTLY: writes are blocked while it builds");
            }
        }
        for (Relation r : before.relations().values()) {
            Relation now = after.relations().get(r.oid());
            if (pre.relations().containsKey(r.oid())
                    && r.isIndex()
                    && now != null
                    && now.filenode() != r.filenode()
                    && !rewrites.contains(r.tableOid())
                    && transactional) {
                add(
                        Rule.INDEX_WITHOUT_CONCURRENTLY,
                        "index " + r.name() + " rebuilt on " + name(r.tableOid())
                                + " without CONCURRENTLY: writes are blocked while it builds");
            }
        }
    }

    /** Existing tables rewritten (a new relfilenode) that no other finding explains (a type change, a default, a TRUNCATE). */
    void rewrites(Set<Long> truncated) {
        explained.addAll(truncated);
        for (Long table : rewrites) {
            if (!explained.contains(table)) {
                add(Rule.TABLE_REWRITE, name(table) + " rewritten (new relfilenode)");
            }
        }
    }

    /** A foreign key the file added to an existing table without an index on its columns. */
    static void foreignKeysWithoutIndex(
            Findings findings, CatalogSnapshot pre, CatalogSnapshot last, List<Statements.Statement> statements) {
        for (Constraint k : last.constraints().values()) {
            if (!k.kind().equals("f")
                    || pre.constraints().containsKey(k.oid())
                    || !pre.relations().containsKey(k.relOid())) {
                continue;
            }
            String cols = k.columns().replace(",", " ");
            boolean indexed = last.indexColumns().getOrDefault(k.relOid(), Set.of()).stream()
                    .anyMatch(ix -> (ix.replace(",", " ") + " ").startsWith(cols + " "));
            if (!indexed) {
                Statements.Statement at = statements.stream()
                        .filter(st -> st.sql().contains(k.name()))
                        .findFirst()
                        .orElse(statements.get(0));
                findings.add(
                        Rule.FK_WITHOUT_INDEX,
                        at,
                        "foreign key " + k.name() + " on " + findings.name(k.relOid())
                                + " has no index on its columns");
            }
        }
    }
}
