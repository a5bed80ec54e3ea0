package runbooks.kit.gate;

import runbooks.kit.sql.Statements;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.gate.CatalogSnapshot.Column;
import runbooks.kit.gate.CatalogSnapshot.Constraint;
import runbooks.kit.gate.CatalogSnapshot.Lock;
import runbooks.kit.gate.CatalogSnapshot.Locks;
import runbooks.kit.gate.CatalogSnapshot.Relation;

/**
 * Judges migrations by running them: each pending file is applied, statement by statement, to a
 * rehearsal database that holds the target's schema (never the target), and after every statement the
 * gate compares pg_catalog with its state before and reads the locks the session holds. Only objects
 * that existed before the file are judged; whatever the file itself created is its own business.
 *
 * <p>Transactions follow how the file would run: a Flyway migration is one transaction unless it has
 * statements that cannot run in one (CONCURRENTLY); a file with its own BEGIN/COMMIT runs as psql would.
 * The rehearsal database is thrown away afterwards, so the gate commits where the real run would.
 */
public final class SafetyGate implements MigrationGate {

    private static final Set<String> STRONG_LOCKS = Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private final ConnectionSpec rehearsal;
    private final int targetVersionNum;
    private final Duration maxLock;
    private final Set<String> allowOnly;
    private final java.util.function.Predicate<String> allowListFiles;
    /** Files applied with psql: each statement in autocommit unless the file opens a transaction (see {@link #appliedWithPsql}). */
    private final boolean psql;

    /** The kinds of change an allow-list policy can name (see {@link #allowingOnly}). */
    public static final Set<String> ALLOW_LIST_KINDS = Set.of("enum-add-value", "create-table", "create-index");

    /**
     * @param rehearsal a throwaway database already at the target's schema
     * @param targetVersionNum the target's {@code server_version_num}, for version-dependent rules
     * @param maxLock an ACCESS EXCLUSIVE lock held longer than this in the rehearsal is a warning
     */
    public SafetyGate(ConnectionSpec rehearsal, int targetVersionNum, Duration maxLock) {
        this(rehearsal, targetVersionNum, maxLock, Set.of(), file -> true, false);
    }

    private SafetyGate(ConnectionSpec rehearsal, int targetVersionNum, Duration maxLock, Set<String> allowOnly,
            java.util.function.Predicate<String> allowListFiles, boolean psql) {
        this.psql = psql;
        this.rehearsal = rehearsal;
        this.targetVersionNum = targetVersionNum;
        this.maxLock = maxLock;
        this.allowOnly = allowOnly;
        this.allowListFiles = allowListFiles;
    }

    /**
     * This gate with an allow-list policy: any statement whose effect is not among {@code kinds}
     * ({@link #ALLOW_LIST_KINDS}; e.g. MES §2 "only enum add, table creates, and index creates") is an
     * error: DDL by its command tag, data changes to existing tables by their plan, TRUNCATE by a trigger.
     */
    public SafetyGate allowingOnly(Set<String> kinds) {
        return allowingOnly(kinds, file -> true);
    }

    /** The allow-list applied to the files whose name {@code files} accepts (a runbook's own deploy migrations). */
    public SafetyGate allowingOnly(Set<String> kinds, java.util.function.Predicate<String> files) {
        if (!ALLOW_LIST_KINDS.containsAll(kinds)) {
            throw new IllegalArgumentException("An allow-list names kinds among " + new java.util.TreeSet<>(ALLOW_LIST_KINDS) + ", not " + kinds);
        }
        return new SafetyGate(rehearsal, targetVersionNum, maxLock, Set.copyOf(kinds), files, psql);
    }

    /**
     * This gate for files a DBA applies with {@code psql -f}: outside an explicit BEGIN/COMMIT every statement is
     * its own transaction, so the statements PostgreSQL refuses in a transaction block (REINDEX CONCURRENTLY,
     * VACUUM) run as psql runs them. By default the gate judges as Flyway runs a file: in one transaction unless
     * Flyway's parser marks a statement non-transactional (which it does not for REINDEX CONCURRENTLY).
     */
    public SafetyGate appliedWithPsql() {
        return new SafetyGate(rehearsal, targetVersionNum, maxLock, allowOnly, allowListFiles, true);
    }

    @Override
    public String name() {
        return "safety gate (rehearsal on " + rehearsal.masked() + ", target server_version_num " + targetVersionNum
                + (psql ? ", files applied with psql" : "") + (allowOnly.isEmpty() ? "" : ", allowing only " + String.join(", ", new java.util.TreeSet<>(allowOnly))) + ")";
    }

    @Override
    public List<Finding> inspect(List<Path> pendingMigrations) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : pendingMigrations) {
            try (Connection c = Connections.open(rehearsal)) {
                CommandLog.install(c);
                findings.addAll(new FileRun(c, statementsOf(file)).run());
            } catch (SQLException e) {
                throw new IllegalStateException("The rehearsal of " + runbooks.kit.migration.MigrationFiles.displayName(file) + " lost its database: " + e.getMessage(), e);
            }
        }
        return findings;
    }

    /** The rehearsal of one file. */
    private final class FileRun {
        private final Connection c;
        private final List<Statements.Statement> statements;
        private final List<Finding> findings = new ArrayList<>();
        private CatalogSnapshot pre;
        /** The catalog after the latest statement, to name what the file created. */
        private CatalogSnapshot last;
        private boolean inTransaction;
        /** Strong locks taken in the open transaction: relation -> statement that took it first, and when. */
        private final Map<Long, Taken> strong = new HashMap<>();

        private record Taken(Statements.Statement statement, String mode, long at) {}

        FileRun(Connection c, List<Statements.Statement> statements) {
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
            boolean oneTransaction = !psql && !explicit && !anyNonTransactional;
            if (oneTransaction) {
                begin();
            }
            CatalogSnapshot before = pre;
            for (Statements.Statement s : statements) {
                for (Statements.Allowance a : s.allowances()) {
                    if (a.reason() == null) {
                        add(Rule.ALLOWANCE_WITHOUT_REASON, s, "-- gate:allow " + a.rule() + " on line " + a.line() + " gives no reason");
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
                if (!transactional(s) && (inTransaction || !psql && !explicit && anyTransactional)) {
                    add(s.isEnumAddValue() ? Rule.ENUM_IN_TRANSACTION : Rule.CONCURRENTLY_IN_TRANSACTION, s,
                            inTransaction ? "runs inside an explicit transaction" : "the file mixes it with statements that run in a transaction");
                }
                boolean own = !inTransaction && transactional(s);
                if (own) {
                    begin();
                }
                Locks locksBefore = inTransaction ? CatalogSnapshot.locks(c) : null;
                List<CommandLog.DataChange> changes = CommandLog.explain(c, s.sql(), inTransaction);
                long t0 = System.nanoTime();
                try (var statement = c.createStatement()) {
                    // At debug1 PostgreSQL says what it skipped: "existing constraints on column ... are sufficient to prove that it
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
        private boolean provedNotNull(String column) {
            return notices.stream().anyMatch(n -> n.contains("existing constraints on column") && n.contains("." + column + "\"")
                    && n.contains("sufficient to prove that it does not contain nulls"));
        }

        private boolean transactional(Statements.Statement s) {
            return s.transactionalOn(targetVersionNum) && !(psql && s.refusesTransactionBlock());
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
                add(Rule.ACCESS_EXCLUSIVE_LOCK, e.getValue().statement(), "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms
                        + " ms in the rehearsal, until the end of the transaction");
                if (ms > maxLock.toMillis()) {
                    add(Rule.LONG_ACCESS_EXCLUSIVE_LOCK, e.getValue().statement(), "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms
                            + " ms, more than " + maxLock.toMillis() + " ms");
                }
            }
            strong.clear();
        }

        /** The rehearsal server's server_version_num, read before the first statement (a failed one aborts the transaction). */
        private int rehearsalVersionNum;

        private int rehearsalVersion() {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                return targetVersionNum;
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
                    // A syntax error, or an unknown function, type or object, on a rehearsal server older than the target: the
                    // report says so instead of presenting a version mismatch as a defect of the migration.
                    if (rehearsalVersion < targetVersionNum && java.util.Set.of("42601", "42883", "42704", "0A000").contains(state)) {
                        add(Rule.REHEARSAL_OLDER_THAN_TARGET, s, "the rehearsal ran on PostgreSQL " + version(rehearsalVersion) + ", older than the"
                                + " target's " + version(targetVersionNum) + ", and refused it (" + message + ")");
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
        private void dataChanges(Statements.Statement s, List<CommandLog.DataChange> changes, CatalogSnapshot now) throws SQLException {
            for (CommandLog.DataChange d : changes) {
                if (existingTable(d.relation()) && !d.narrowed() && Set.of("Update", "Delete").contains(d.operation())) {
                    List<String> added = addedInThisFile(d.relation(), now);
                    if (d.operation().equals("Update") && !added.isEmpty() && CommandLog.updatesOnly(c, s.sql(), d.relation(), added)) {
                        // A backfill: it fills only columns this migration just added, so it overwrites nothing; its risk is the lock.
                        add(Rule.BACKFILL_IN_ONE_STATEMENT, s, "UPDATE on " + d.relation() + " fills " + String.join(", ", added)
                                + ", added by this migration, in every row in one statement (it overwrites nothing)");
                        continue;
                    }
                    add(Rule.DML_WITHOUT_WHERE, s, d.operation().toUpperCase(java.util.Locale.ROOT) + " on " + d.relation()
                            + " reaches every row: nothing in its plan narrows it (no WHERE, join or index condition)");
                }
            }
        }

        /** Columns of {@code relation} that this file added before the current statement. */
        private List<String> addedInThisFile(String relation, CatalogSnapshot now) {
            java.util.Optional<Long> oid = pre.relations().values().stream().filter(r -> r.isTable() && r.name().equals(relation))
                    .map(CatalogSnapshot.Relation::oid).findFirst();
            if (oid.isEmpty()) {
                return List.of();
            }
            return now.columns().values().stream().filter(col -> col.relOid() == oid.get() && !col.dropped() && !pre.columns().containsKey(col.key()))
                    .map(CatalogSnapshot.Column::name).sorted().toList();
        }

        private boolean existingTable(String name) {
            return pre.relations().values().stream().anyMatch(r -> r.isTable() && r.name().equals(name));
        }

        /** The allow-list policy: each command and data change is one of the allowed kinds, or an error. */
        private void allowList(Statements.Statement s, CatalogSnapshot before, CatalogSnapshot after, List<CommandLog.Command> commands,
                List<CommandLog.DataChange> changes) {
            if (allowOnly.isEmpty() || !allowListFiles.test(s.file())) {
                return;
            }
            String allowed = " (this runbook allows only " + String.join(", ", new java.util.TreeSet<>(allowOnly)) + ")";
            for (CommandLog.DataChange d : changes) {
                if (existingTable(d.relation())) {
                    add(Rule.OUTSIDE_ALLOW_LIST, s, d.operation().toUpperCase(java.util.Locale.ROOT) + " changes data of the existing table "
                            + d.relation() + allowed);
                }
            }
            for (CommandLog.Command cmd : commands) {
                boolean onNewOnly = cmd.relations().stream().noneMatch(pre.relations()::containsKey);
                java.util.Optional<String> enumProblem = CommandLog.onlyEnumLabelsAdded(before.enumLabels(), after.enumLabels());
                String kind = switch (cmd.tag()) {
                    case "CREATE TABLE" -> "create-table";
                    case "CREATE INDEX" -> "create-index";
                    case "ALTER TYPE" -> enumProblem.isEmpty() ? "enum-add-value" : null;
                    case "ALTER TABLE", "ALTER SEQUENCE" -> onNewOnly ? "create-table" : null;
                    default -> null;
                };
                if (kind == null || !allowOnly.contains(kind)) {
                    String what = cmd.relations().stream().map(this::name).sorted().collect(java.util.stream.Collectors.joining(", "));
                    add(Rule.OUTSIDE_ALLOW_LIST, s, cmd.tag() + (what.isEmpty() ? "" : " on " + what)
                            + (cmd.tag().equals("ALTER TYPE") ? ": " + enumProblem.orElse("") : "") + allowed);
                }
            }
        }

        private void judge(Statements.Statement s, CatalogSnapshot before, CatalogSnapshot after, Locks locksBefore, Locks locksAfter,
                long t0, Set<Long> truncated) {
            Set<Long> droppedTables = new HashSet<>();
            Set<Long> rewrites = new HashSet<>();
            Set<Long> explained = new HashSet<>();
            Set<Long> droppedConstraintIndexes = new HashSet<>();

            for (String schema : before.schemas()) {
                if (pre.schemas().contains(schema) && !after.schemas().contains(schema)) {
                    add(Rule.DROP_SCHEMA, s, "schema " + schema + " dropped");
                }
            }
            for (Relation r : before.relations().values()) {
                if (!pre.relations().containsKey(r.oid()) || !r.isTable()) {
                    continue;
                }
                Relation now = after.relations().get(r.oid());
                if (now == null) {
                    droppedTables.add(r.oid());
                    add(Rule.DROP_TABLE, s, r.name() + " dropped");
                } else {
                    if (!now.name().equals(r.name())) {
                        add(Rule.RENAME_TABLE, s, r.name() + " renamed to " + now.name());
                    }
                    if (now.filenode() != r.filenode()) {
                        rewrites.add(r.oid());
                    }
                }
            }
            for (Constraint k : before.constraints().values()) {
                if (pre.constraints().containsKey(k.oid()) && !after.constraints().containsKey(k.oid()) && !droppedTables.contains(k.relOid())) {
                    droppedConstraintIndexes.add(k.indexOid());
                    // A CHECK or foreign key dropped only lets more rows in; a key dropped can break the application's ON CONFLICT.
                    boolean relaxes = k.kind().equals("c") || k.kind().equals("f");
                    add(relaxes ? Rule.RELAX_CONSTRAINT : Rule.DROP_CONSTRAINT, s, "constraint " + k.name() + " on " + name(k.relOid()) + " dropped");
                }
            }
            for (Relation r : before.relations().values()) {
                if (!pre.relations().containsKey(r.oid()) || !r.isIndex() || after.relations().containsKey(r.oid())
                        || droppedTables.contains(r.tableOid()) || droppedConstraintIndexes.contains(r.oid())) {
                    continue;
                }
                // REINDEX CONCURRENTLY builds a new index and gives it the old one's name: one statement, same name, same table.
                if (after.relations().values().stream().anyMatch(n -> n.isIndex() && n.name().equals(r.name()) && n.tableOid() == r.tableOid())) {
                    continue;
                }
                // A unique index dropped can break the application's ON CONFLICT; any other only slows the queries that used it.
                add(r.unique() ? Rule.DROP_UNIQUE_INDEX : Rule.DROP_INDEX, s, "index " + r.name() + " dropped");
                if (transactional(s)) {
                    add(Rule.INDEX_WITHOUT_CONCURRENTLY, s, "index " + r.name() + " dropped without CONCURRENTLY");
                }
            }
            for (Column col : before.columns().values()) {
                if (!pre.columns().containsKey(col.key()) || col.dropped() || droppedTables.contains(col.relOid())) {
                    continue;
                }
                Column now = after.columns().get(col.key());
                String where = name(col.relOid()) + "." + col.name();
                if (now == null || now.dropped()) {
                    add(Rule.DROP_COLUMN, s, where + " dropped");
                    continue;
                }
                if (!now.name().equals(col.name())) {
                    add(Rule.RENAME_COLUMN, s, where + " renamed to " + now.name());
                }
                if (!now.type().equals(col.type()) && rewrites.contains(col.relOid())) {
                    explained.add(col.relOid());
                    add(Rule.COLUMN_TYPE_REWRITE, s, where + " changed from " + col.type() + " to " + now.type() + ", rewriting the table");
                }
                if (now.notNull() && !col.notNull() && !provedNotNull(col.name())) {
                    add(Rule.SET_NOT_NULL, s, where + " set NOT NULL, scanning the table under an ACCESS EXCLUSIVE lock");
                }
            }
            for (Column col : after.columns().values()) {
                if (before.columns().containsKey(col.key()) || col.dropped() || !pre.relations().containsKey(col.relOid())) {
                    continue;
                }
                String where = name(col.relOid()) + "." + col.name();
                if (col.notNull() && col.defaultExpr() == null) {
                    add(Rule.NOT_NULL_WITHOUT_DEFAULT, s, where + " added NOT NULL without a default: fails on a table with rows");
                }
                if (col.defaultExpr() != null && rewrites.contains(col.relOid())) {
                    explained.add(col.relOid());
                    add(Rule.VOLATILE_DEFAULT, s, where + " added with default " + col.defaultExpr() + ", which rewrites the table");
                }
            }
            for (Constraint k : after.constraints().values()) {
                if (!pre.relations().containsKey(k.relOid())) {
                    continue;
                }
                Constraint was = before.constraints().get(k.oid());
                String where = "constraint " + k.name() + " on " + name(k.relOid());
                if (was == null) {
                    if ((k.kind().equals("c") || k.kind().equals("f")) && k.validated()) {
                        add(Rule.CONSTRAINT_CREATED_VALID, s, where + " created valid (" + k.definition() + "): scans the table under lock");
                    }
                    if ((k.kind().equals("u") || k.kind().equals("p") || k.kind().equals("x"))
                            && !pre.relations().containsKey(k.indexOid())) {
                        add(Rule.UNIQUE_UNDER_LOCK, s, where + " (" + k.definition() + ") builds its index under lock");
                    }
                } else if (!was.validated() && k.validated()) {
                    Taken earlier = strong.get(k.relOid());
                    if (earlier != null && earlier.statement() != s) {
                        add(Rule.VALIDATE_IN_SAME_TRANSACTION, s, where + " validated in the transaction that took a "
                                + earlier.mode() + " on it at line " + earlier.statement().line());
                    }
                    if (locksAfter != null && locksAfter.statementTimeout().equals("0")) {
                        add(Rule.MISSING_STATEMENT_TIMEOUT, s, where + " validated (a full scan) with statement_timeout = 0");
                    }
                }
            }
            for (Relation r : after.relations().values()) {
                if (r.isIndex() && !before.relations().containsKey(r.oid()) && pre.relations().containsKey(r.tableOid())
                        && transactional(s) && after.constraints().values().stream().noneMatch(k -> k.indexOid() == r.oid())) {
                    add(Rule.INDEX_WITHOUT_CONCURRENTLY, s, "index " + r.name() + " built on " + name(r.tableOid())
                            + " without CONCURRENTLY: writes are blocked while it builds");
                }
            }
            for (Relation r : before.relations().values()) {
                Relation now = after.relations().get(r.oid());
                if (pre.relations().containsKey(r.oid()) && r.isIndex() && now != null && now.filenode() != r.filenode()
                        && !rewrites.contains(r.tableOid()) && transactional(s)) {
                    add(Rule.INDEX_WITHOUT_CONCURRENTLY, s, "index " + r.name() + " rebuilt on " + name(r.tableOid())
                            + " without CONCURRENTLY: writes are blocked while it builds");
                }
            }
            explained.addAll(truncated);
            for (Long table : rewrites) {
                if (!explained.contains(table)) {
                    add(Rule.TABLE_REWRITE, s, name(table) + " rewritten (new relfilenode)");
                }
            }
            if (locksAfter != null) {
                locks(s, locksBefore, locksAfter, t0);
            }
        }

        private void locks(Statements.Statement s, Locks before, Locks after, long t0) {
            boolean strongOnExisting = false;
            for (Lock lock : after.held()) {
                if (before.held().contains(lock) || !pre.relations().containsKey(lock.relOid())) {
                    continue;
                }
                if (STRONG_LOCKS.contains(lock.mode())) {
                    strongOnExisting = true;
                    Taken taken = strong.get(lock.relOid());
                    if (taken == null || lock.mode().equals("AccessExclusiveLock") && !taken.mode().equals("AccessExclusiveLock")) {
                        strong.put(lock.relOid(), new Taken(s, lock.mode(), t0));
                    }
                }
            }
            if (strongOnExisting && after.lockTimeout().equals("0")) {
                add(Rule.MISSING_LOCK_TIMEOUT, s, "takes a strong lock on an existing table with lock_timeout = 0");
            }
            boolean scans = findings.stream().anyMatch(f -> f.line() == s.line() && f.file().equals(s.file())
                    && Set.of("set-not-null", "constraint-created-valid", "index-without-concurrently", "unique-under-lock",
                            "table-rewrite", "column-type-rewrite", "volatile-default").contains(f.rule()));
            if (scans && after.statementTimeout().equals("0")) {
                add(Rule.MISSING_STATEMENT_TIMEOUT, s, "scans or rewrites an existing table with statement_timeout = 0");
            }
        }

        private void foreignKeysWithoutIndex(CatalogSnapshot last) {
            for (Constraint k : last.constraints().values()) {
                if (!k.kind().equals("f") || pre.constraints().containsKey(k.oid()) || !pre.relations().containsKey(k.relOid())) {
                    continue;
                }
                String cols = k.columns().replace(",", " ");
                boolean indexed = last.indexColumns().getOrDefault(k.relOid(), Set.of()).stream()
                        .anyMatch(ix -> (ix.replace(",", " ") + " ").startsWith(cols + " "));
                if (!indexed) {
                    Statements.Statement at = statements.stream().filter(st -> st.sql().contains(k.name())).findFirst().orElse(statements.get(0));
                    add(Rule.FK_WITHOUT_INDEX, at, "foreign key " + k.name() + " on " + name(k.relOid()) + " has no index on its columns");
                }
            }
        }

        private String name(long relOid) {
            Relation r = pre.relations().get(relOid);
            if (r == null && last != null) {
                r = last.relations().get(relOid);
            }
            return r == null ? "relation " + relOid : r.name();
        }

        private void add(Rule rule, Statements.Statement s, String detail) {
            Finding f = new Finding(rule.code(), rule.severity(), s.file(), s.line(), s.summary(), detail, rule.advice(), null);
            for (Statements.Allowance a : s.allowances()) {
                if (a.rule().equals(rule.code()) && a.reason() != null) {
                    f = f.allowed(a.reason());
                }
            }
            boolean duplicate = findings.stream().anyMatch(x -> x.rule().equals(rule.code()) && x.line() == s.line()
                    && x.file().equals(s.file()) && x.detail().equals(detail));
            if (!duplicate) {
                findings.add(f);
            }
        }
    }

    /** A migration file's statements, named as the reports name the file. */
    static List<Statements.Statement> statementsOf(Path file) {
        try {
            return Statements.of(runbooks.kit.migration.MigrationFiles.displayName(file), java.nio.file.Files.readString(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Could not read " + file, e);
        }
    }
}
