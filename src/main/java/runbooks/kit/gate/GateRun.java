package runbooks.kit.gate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbooks.kit.gate.CatalogSnapshot.Constraint;
import runbooks.kit.gate.CatalogSnapshot.Lock;
import runbooks.kit.gate.CatalogSnapshot.Locks;
import runbooks.kit.gate.CatalogSnapshot.Relation;
import runbooks.kit.sql.Statements;

/**
 * The rehearsal of one file for the {@link SafetyGate}: its statements applied one by one as the file would run, the
 * catalog and the session's locks compared after each, every finding with its statement and line.
 */
final class GateRun {
    private final Connection c;
    private final List<Statements.Statement> statements;
    private final List<Finding> findings = new ArrayList<>();
    private CatalogSnapshot pre;
    /** The catalog after the latest statement, to name what the file created. */
    private CatalogSnapshot last;

    private boolean inTransaction;
    /** Strong locks taken in the open transaction: relation -> statement that took it first, and when. */
    private final Map<Long, Taken> strong = new HashMap<>();

    record Taken(Statements.Statement statement, String mode, long at) {}

    private final SafetyGate gate;

    GateRun(SafetyGate gate, Connection c, List<Statements.Statement> statements) {
        this.gate = gate;
        this.c = c;
        this.statements = statements;
    }

    List<Finding> run() throws SQLException {
        c.setAutoCommit(true);
        rehearsalVersionNum = rehearsalVersion();
        pre = CatalogSnapshot.take(c);
        boolean explicit = statements.stream().anyMatch(Statements.Statement::isTransactionControl);
        boolean anyNonTransactional = statements.stream().anyMatch(s -> !transactional(s));
        boolean anyTransactional = statements.stream().anyMatch(s -> transactional(s) && !s.isTransactionControl());
        boolean oneTransaction = !gate.psql && !explicit && !anyNonTransactional;
        if (oneTransaction) {
            begin();
        }
        CatalogSnapshot before = pre;
        for (Statements.Statement s : statements) {
            for (Statements.Allowance a : s.allowances()) {
                if (a.reason() == null) {
                    add(
                            Rule.ALLOWANCE_WITHOUT_REASON,
                            s,
                            "-- gate:allow " + a.rule() + " on line " + a.line() + " gives no reason");
                }
            }
            if (s.isTransactionControl()) {
                if (s.opensTransaction()) {
                    begin();
                } else {
                    end();
                }
                continue;
            }
            if (!transactional(s) && (inTransaction || !gate.psql && !explicit && anyTransactional)) {
                add(
                        s.isEnumAddValue() ? Rule.ENUM_IN_TRANSACTION : Rule.CONCURRENTLY_IN_TRANSACTION,
                        s,
                        inTransaction
                                ? "runs inside an explicit transaction"
                                : "the file mixes it with statements that run in a transaction");
            }
            boolean own = !inTransaction && transactional(s);
            if (own) {
                begin();
            }
            Locks locksBefore = inTransaction ? CatalogSnapshot.locks(c) : null;
            List<CommandLog.DataChange> changes = CommandLog.explain(c, s.sql(), inTransaction);
            long t0 = System.nanoTime();
            try (var statement = c.createStatement()) {
                // At debug1 PostgreSQL says what it skipped: "existing constraints on column ... are sufficient to
                // prove that it
                // does not contain nulls" when SET NOT NULL uses a validated CHECK instead of scanning the table.
                statement.execute("SET client_min_messages = debug1");
                statement.clearWarnings();
                statement.execute(s.sql());
                notices = new java.util.ArrayList<>();
                for (java.sql.SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(String.valueOf(w.getMessage()));
                }
                statement.execute("RESET client_min_messages");
            } catch (SQLException e) {
                failed(s, e);
                return findings;
            }
            CatalogSnapshot after = CatalogSnapshot.take(c);
            last = after;
            Locks locksAfter = inTransaction ? CatalogSnapshot.locks(c) : null;
            List<CommandLog.Command> commands = CommandLog.drain(c);
            Set<Long> truncated = truncations(s, commands);
            judge(s, before, after, locksBefore, locksAfter, t0, truncated);
            dataChanges(s, changes, before);
            allowList(s, before, after, commands, changes);
            before = after;
            if (own) {
                end();
            }
        }
        if (inTransaction) {
            end();
        }
        foreignKeysWithoutIndex(before);
        return findings;
    }

    /** What the server said while the last statement ran (debug1 included). */
    private List<String> notices = List.of();

    /** PostgreSQL 12+ skipped SET NOT NULL's scan: a validated CHECK (col IS NOT NULL) proved the column has no nulls. */
    boolean provedNotNull(String column) {
        return notices.stream()
                .anyMatch(n -> n.contains("existing constraints on column")
                        && n.contains("." + column + "\"")
                        && n.contains("sufficient to prove that it does not contain nulls"));
    }

    boolean transactional(Statements.Statement s) {
        return s.transactionalOn(gate.targetVersionNum) && !(gate.psql && s.refusesTransactionBlock());
    }

    private void begin() throws SQLException {
        if (!inTransaction) {
            c.setAutoCommit(false);
            inTransaction = true;
            strong.clear();
        }
    }

    /** Commits (the rehearsal is throwaway) and reports how long ACCESS EXCLUSIVE locks were held. */
    private void end() throws SQLException {
        if (!inTransaction) {
            return;
        }
        c.commit();
        c.setAutoCommit(true);
        inTransaction = false;
        long now = System.nanoTime();
        for (var e : strong.entrySet()) {
            Relation r = pre.relations().get(e.getKey());
            if (r == null || !e.getValue().mode().equals("AccessExclusiveLock")) {
                continue;
            }
            long ms = (now - e.getValue().at()) / 1_000_000;
            add(
                    Rule.ACCESS_EXCLUSIVE_LOCK,
                    e.getValue().statement(),
                    "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms
                            + " ms in the rehearsal, until the end of the transaction");
            if (ms > gate.maxLock.toMillis()) {
                add(
                        Rule.LONG_ACCESS_EXCLUSIVE_LOCK,
                        e.getValue().statement(),
                        "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms + " ms, more than "
                                + gate.maxLock.toMillis() + " ms");
            }
        }
        strong.clear();
    }

    /** The rehearsal server's server_version_num, read before the first statement (a failed one aborts the transaction). */
    private int rehearsalVersionNum;

    private int rehearsalVersion() {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return gate.targetVersionNum;
        }
    }

    private static String version(int versionNum) {
        return versionNum / 10000 + "." + versionNum % 10000;
    }

    private void failed(Statements.Statement s, SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage()).split("\n")[0];
        switch (state) {
            case "25001" -> add(Rule.CONCURRENTLY_IN_TRANSACTION, s, message);
            case "55P04" -> add(Rule.ENUM_IN_TRANSACTION, s, message);
            default -> {
                int rehearsalVersion = rehearsalVersionNum;
                // A syntax error, or an unknown function, type or object, on a rehearsal server older than the target:
                // the
                // report says so instead of presenting a version mismatch as a defect of the migration.
                if (rehearsalVersion < gate.targetVersionNum
                        && java.util.Set.of("42601", "42883", "42704", "0A000").contains(state)) {
                    add(
                            Rule.REHEARSAL_OLDER_THAN_TARGET,
                            s,
                            "the rehearsal ran on PostgreSQL " + version(rehearsalVersion) + ", older than the"
                                    + " target's " + version(gate.targetVersionNum) + ", and refused it (" + message
                                    + ")");
                } else {
                    add(Rule.STATEMENT_FAILS, s, message);
                }
            }
        }
        if (!c.getAutoCommit()) {
            c.rollback();
        }
        inTransaction = false;
    }

    /** TRUNCATE of tables that existed before the file: data loss, whatever the table's size in the rehearsal. */
    private Set<Long> truncations(Statements.Statement s, List<CommandLog.Command> commands) {
        Set<Long> truncated = new HashSet<>();
        for (CommandLog.Command cmd : commands) {
            if (cmd.tag().equals("TRUNCATE")) {
                cmd.relations().stream().filter(pre.relations()::containsKey).forEach(oid -> {
                    truncated.add(oid);
                    add(Rule.TRUNCATE, s, name(oid) + " emptied by TRUNCATE");
                });
            }
        }
        return truncated;
    }

    /** UPDATE / DELETE of an existing table that nothing in its plan narrows: every row changes or goes. */
    private void dataChanges(Statements.Statement s, List<CommandLog.DataChange> changes, CatalogSnapshot now)
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
                    add(
                            Rule.BACKFILL_IN_ONE_STATEMENT,
                            s,
                            "UPDATE on " + d.relation() + " fills " + String.join(", ", added)
                                    + ", added by this migration, in every row in one statement (it overwrites nothing)");
                    continue;
                }
                add(
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
    private void allowList(
            Statements.Statement s,
            CatalogSnapshot before,
            CatalogSnapshot after,
            List<CommandLog.Command> commands,
            List<CommandLog.DataChange> changes) {
        if (gate.allowOnly.isEmpty() || !gate.allowListFiles.test(s.file())) {
            return;
        }
        String allowed =
                " (this runbook allows only " + String.join(", ", new java.util.TreeSet<>(gate.allowOnly)) + ")";
        for (CommandLog.DataChange d : changes) {
            if (existingTable(d.relation())) {
                add(
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
            if (kind == null || !gate.allowOnly.contains(kind)) {
                String what = cmd.relations().stream()
                        .map(this::name)
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(", "));
                add(
                        Rule.OUTSIDE_ALLOW_LIST,
                        s,
                        cmd.tag()
                                + (what.isEmpty() ? "" : " on " + what)
                                + (cmd.tag().equals("ALTER TYPE") ? ": " + enumProblem.orElse("") : "")
                                + allowed);
            }
        }
    }

    private void judge(
            Statements.Statement s,
            CatalogSnapshot before,
            CatalogSnapshot after,
            Locks locksBefore,
            Locks locksAfter,
            long t0,
            Set<Long> truncated) {
        CatalogRules rules = new CatalogRules(this, s, pre, before, after);
        rules.drops();
        rules.columns();
        rules.constraints(locksAfter);
        rules.indexBuilds();
        rules.rewrites(truncated);
        if (locksAfter != null) {
            locks(s, locksBefore, locksAfter, t0);
        }
    }

    /** The statement that first took a strong lock on {@code relOid} in the open transaction, if another did. */
    java.util.Optional<Taken> strongLockBefore(long relOid, Statements.Statement s) {
        Taken earlier = strong.get(relOid);
        return earlier != null && earlier.statement() != s
                ? java.util.Optional.of(earlier)
                : java.util.Optional.empty();
    }

    private void locks(Statements.Statement s, Locks before, Locks after, long t0) {
        boolean strongOnExisting = false;
        for (Lock lock : after.held()) {
            if (before.held().contains(lock) || !pre.relations().containsKey(lock.relOid())) {
                continue;
            }
            if (SafetyGate.STRONG_LOCKS.contains(lock.mode())) {
                strongOnExisting = true;
                Taken taken = strong.get(lock.relOid());
                if (taken == null
                        || lock.mode().equals("AccessExclusiveLock")
                                && !taken.mode().equals("AccessExclusiveLock")) {
                    strong.put(lock.relOid(), new Taken(s, lock.mode(), t0));
                }
            }
        }
        if (strongOnExisting && after.lockTimeout().equals("0")) {
            add(Rule.MISSING_LOCK_TIMEOUT, s, "takes a strong lock on an existing table with lock_timeout = 0");
        }
        boolean scans = findings.stream()
                .anyMatch(f -> f.line() == s.line()
                        && f.file().equals(s.file())
                        && Set.of(
                                        "set-not-null",
                                        "constraint-created-valid",
                                        "index-without-concurrently",
                                        "unique-under-lock",
                                        "table-rewrite",
                                        "column-type-rewrite",
                                        "volatile-default")
                                .contains(f.rule()));
        if (scans && after.statementTimeout().equals("0")) {
            add(Rule.MISSING_STATEMENT_TIMEOUT, s, "scans or rewrites an existing table with statement_timeout = 0");
        }
    }

    private void foreignKeysWithoutIndex(CatalogSnapshot last) {
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
                add(
                        Rule.FK_WITHOUT_INDEX,
                        at,
                        "foreign key " + k.name() + " on " + name(k.relOid()) + " has no index on its columns");
            }
        }
    }

    String name(long relOid) {
        Relation r = pre.relations().get(relOid);
        if (r == null && last != null) {
            r = last.relations().get(relOid);
        }
        return r == null ? "relation " + relOid : r.name();
    }

    void add(Rule rule, Statements.Statement s, String detail) {
        Finding f =
                new Finding(rule.code(), rule.severity(), s.file(), s.line(), s.summary(), detail, rule.advice(), null);
        for (Statements.Allowance a : s.allowances()) {
            if (a.rule().equals(rule.code()) && a.reason() != null) {
                f = f.allowed(a.reason());
            }
        }
        boolean duplicate = findings.stream()
                .anyMatch(x -> x.rule().equals(rule.code())
                        && x.line() == s.line()
                        && x.file().equals(s.file())
                        && x.detail().equals(detail));
        if (!duplicate) {
            findings.add(f);
        }
    }
}
