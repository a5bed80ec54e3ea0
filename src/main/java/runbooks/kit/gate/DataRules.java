package runbooks.kit.gate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import runbooks.kit.sql.Statements;

/**
 * The gate's data rules, for one statement of a file's rehearsal: rows lost (TRUNCATE, UPDATE or DELETE of every row of
 * an existing table), a backfill in one statement, and the runbook's allow-list of changes.
 */
final class DataRules {

    private final Findings findings;
    private final GatePolicy policy;
    private final Connection c;
    /** The catalog before the file's first statement. */
    private final CatalogSnapshot pre;

    DataRules(Findings findings, GatePolicy policy, Connection c, CatalogSnapshot pre) {
        this.findings = findings;
        this.policy = policy;
        this.c = c;
        this.pre = pre;
    }

    /** TRUNCATE of tables that existed before the file: data loss, whatever the table's size in the rehearsal. */
    Set<Long> truncations(Statements.Statement s, List<CommandLog.Command> commands) {
        Set<Long> truncated = new HashSet<>();
        for (CommandLog.Command cmd : commands) {
            if (cmd.tag().equals("TRUNCATE")) {
                cmd.relations().stream().filter(pre.relations()::containsKey).forEach(oid -> {
                    truncated.add(oid);
                    findings.add(Rule.TRUNCATE, s, findings.name(oid) + " emptied by TRUNCATE");
                });
            }
        }
        return truncated;
    }

    /** UPDATE / DELETE of an existing table that nothing in its plan narrows: every row changes or goes. */
    void dataChanges(Statements.Statement s, List<CommandLog.DataChange> changes, CatalogSnapshot now)
            throws SQLException {
        for (CommandLog.DataChange d : changes) {
            if (existingTable(d.relation())
                    && !d.narrowed()
                    && Set.of("Update", "Delete").contains(d.operation())) {
                List<String> added = addedInThisFile(d.relation(), now);
                if (d.operation().equals("Update")
                        && !added.isEmpty()
                        && CommandLog.updatesOnly(c, s.sql(), d.relation(), added)) {
                    // A backfill: it fills only columns this migration just added, so it overwrites nothing; its risk
                    // is the lock.
                    findings.add(
                            Rule.BACKFILL_IN_ONE_STATEMENT,
                            s,
                            "UPDATE on " + d.relation() + " fills " + String.join(", ", added)
                                    + ", added by this migration, in every row in one statement (it overwrites nothing)");
                    continue;
                }
                findings.add(
                        Rule.DML_WITHOUT_WHERE,
                        s,
                        d.operation().toUpperCase(java.util.Locale.ROOT) + " on " + d.relation()
                                + " reaches every row: nothing in its plan narrows it (no WHERE, join or index condition)");
            }
        }
    }

    /** Columns of {@code relation} that this file added before the current statement. */
    private List<String> addedInThisFile(String relation, CatalogSnapshot now) {
        java.util.Optional<Long> oid = pre.relations().values().stream()
                .filter(r -> r.isTable() && r.name().equals(relation))
                .map(CatalogSnapshot.Relation::oid)
                .findFirst();
        if (oid.isEmpty()) {
            return List.of();
        }
        return now.columns().values().stream()
                .filter(col -> col.relOid() == oid.get()
                        && !col.dropped()
                        && !pre.columns().containsKey(col.key()))
                .map(CatalogSnapshot.Column::name)
                .sorted()
                .toList();
    }

    private boolean existingTable(String name) {
        return pre.relations().values().stream()
                .anyMatch(r -> r.isTable() && r.name().equals(name));
    }

    /** The allow-list policy: each command and data change is one of the allowed kinds, or an error. */
    void allowList(
            Statements.Statement s,
            CatalogSnapshot before,
            CatalogSnapshot after,
            List<CommandLog.Command> commands,
            List<CommandLog.DataChange> changes) {
        if (policy.allowOnly().isEmpty() || !policy.allowListFiles().test(s.file())) {
            return;
        }
        String allowed =
                " (this runbook allows only " + String.join(", ", new java.util.TreeSet<>(policy.allowOnly())) + ")";
        for (CommandLog.DataChange d : changes) {
            if (existingTable(d.relation())) {
                findings.add(
                        Rule.OUTSIDE_ALLOW_LIST,
                        s,
                        d.operation().toUpperCase(java.util.Locale.ROOT) + " changes data of the existing table "
                                + d.relation() + allowed);
            }
        }
        for (CommandLog.Command cmd : commands) {
            boolean onNewOnly = cmd.relations().stream().noneMatch(pre.relations()::containsKey);
            java.util.Optional<String> enumProblem =
                    CommandLog.onlyEnumLabelsAdded(before.enumLabels(), after.enumLabels());
            String kind = switch (cmd.tag()) {
                case "CREATE TABLE" -> "create-table";
                case "CREATE INDEX" -> "create-index";
                case "ALTER TYPE" -> enumProblem.isEmpty() ? "enum-add-value" : null;
                case "ALTER TABLE", "ALTER SEQUENCE" -> onNewOnly ? "create-table" : null;
                default -> null;
            };
            if (kind == null || !policy.allowOnly().contains(kind)) {
                String what = cmd.relations().stream()
                        .map(findings::name)
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(", "));
                findings.add(
                        Rule.OUTSIDE_ALLOW_LIST,
                        s,
                        cmd.tag()
                                + (what.isEmpty() ? "" : " on " + what)
                                + (cmd.tag().equals("ALTER TYPE") ? ": " + enumProblem.orElse("") : "")
                                + allowed);
            }
        }
    }
}
