package runbooks.kit.gate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import runbooks.kit.gate.CatalogSnapshot.Locks;
import runbooks.kit.sql.Statements;

/**
 * The rehearsal of one file for the {@link SafetyGate}: its statements applied one by one as the file would run, the
 * catalog and the session's locks compared after each, every finding with its statement and line.
 */
final class GateRun {
    private final Connection c;
    private final List<Statements.Statement> statements;
    private CatalogSnapshot pre;
    private Findings findings;

    private boolean inTransaction;
    private LockRules lockRules;
    private DataRules dataRules;
    private RowSecurityRules rowSecurityRules;

    private final GatePolicy policy;
    /** What did not run in the rehearsal, in this file and the gate's earlier ones. */
    private final Unrehearsed unrehearsed;

    GateRun(GatePolicy policy, Connection c, List<Statements.Statement> statements, Unrehearsed unrehearsed) {
        this.policy = policy;
        this.unrehearsed = unrehearsed;
        this.c = c;
        this.statements = statements;
    }

    List<Finding> run() throws SQLException {
        c.setAutoCommit(true);
        rehearsalVersionNum = rehearsalVersion();
        pre = CatalogSnapshot.take(c);
        findings = new Findings(pre, version(rehearsalVersionNum));
        lockRules = new LockRules(findings, policy.maxLock(), pre);
        dataRules = new DataRules(findings, policy, c, pre);
        rowSecurityRules = new RowSecurityRules(c, pre);
        boolean explicit = statements.stream().anyMatch(Statements.Statement::isTransactionControl);
        boolean anyNonTransactional = statements.stream().anyMatch(s -> !transactional(s));
        boolean anyTransactional = statements.stream().anyMatch(s -> transactional(s) && !s.isTransactionControl());
        boolean oneTransaction = !policy.psql() && !explicit && !anyNonTransactional;
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
            if (!transactional(s) && (inTransaction || !policy.psql() && !explicit && anyTransactional)) {
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
                if (inTransaction) {
                    // A statement the rehearsal refuses is rolled back alone: the rest of the file is still judged.
                    statement.execute("SAVEPOINT runbook_gate_statement");
                }
                // At debug1 PostgreSQL says what it skipped: "existing constraints on column ... are sufficient to
                // prove that it does not contain nulls" when SET NOT NULL uses a validated CHECK instead of scanning
                // the table.
                statement.execute("SET client_min_messages = debug1");
                statement.clearWarnings();
                statement.execute(s.sql());
                notices = new ArrayList<>();
                for (java.sql.SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(String.valueOf(w.getMessage()));
                }
                statement.execute("RESET client_min_messages");
                if (inTransaction) {
                    statement.execute("RELEASE SAVEPOINT runbook_gate_statement");
                }
            } catch (SQLException e) {
                failed(s, e);
                if (own) {
                    end();
                }
                continue;
            }
            CatalogSnapshot after = CatalogSnapshot.take(c);
            findings.catalogNow(after);
            Locks locksAfter = inTransaction ? CatalogSnapshot.locks(c) : null;
            List<CommandLog.Command> commands = CommandLog.drain(c);
            Set<Long> truncated = dataRules.truncations(s, commands);
            judge(s, before, after, locksBefore, locksAfter, t0, truncated);
            dataRules.dataChanges(s, changes, before);
            dataRules.allowList(s, before, after, commands, changes);
            for (String finding : rowSecurityRules.afterStatement(c, findings::name)) {
                add(Rule.ROW_SECURITY_WITHOUT_POLICY, s, finding);
            }
            before = after;
            if (own) {
                end();
            }
        }
        if (inTransaction) {
            end();
        }
        CatalogRules.foreignKeysWithoutIndex(findings, pre, before, statements);
        return findings.list();
    }

    /** What the server said while the last statement ran (debug1 included). */
    private List<String> notices = List.of();

    private boolean transactional(Statements.Statement s) {
        return s.transactionalOn(policy.targetVersionNum()) && !(policy.psql() && s.refusesTransactionBlock());
    }

    private void begin() throws SQLException {
        if (!inTransaction) {
            c.setAutoCommit(false);
            inTransaction = true;
            lockRules.transactionBegins();
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
        lockRules.transactionEnds();
    }

    /** The rehearsal server's server_version_num, read before the first statement (a failed one aborts the transaction). */
    private int rehearsalVersionNum;

    private int rehearsalVersion() {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return policy.targetVersionNum();
        }
    }

    static String version(int versionNum) {
        return versionNum / 10000 + "." + versionNum % 10000;
    }

    /**
     * A statement the rehearsal did not run: reported once, with its reason, unless it failed only because an earlier
     * statement did not run (then it is not judged); either way what depends on it is not judged either.
     */
    private void failed(Statements.Statement s, SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = String.valueOf(e.getMessage()).split("\n")[0];
        try (var statement = c.createStatement()) {
            if (inTransaction) {
                statement.execute("ROLLBACK TO SAVEPOINT runbook_gate_statement");
            }
            statement.execute("RESET client_min_messages");
        }
        java.util.Optional<Statements.Statement> cause =
                unrehearsed.explaining(state, message.replaceFirst("^ERROR: ", ""));
        unrehearsed.add(s);
        if (cause.isPresent()) {
            add(
                    Rule.NOT_JUDGED,
                    s,
                    "not judged: " + message.replaceFirst("^ERROR: ", "") + " in the rehearsal, where "
                            + cause.get().file() + ":" + cause.get().line() + " ("
                            + cause.get().summary()
                            + ") did not run");
            return;
        }
        java.util.Optional<ToolJournal> journal = state.equals("42P01")
                ? java.util.Optional.ofNullable(
                                e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                                        ? p.getServerErrorMessage().getMessage()
                                        : null)
                        .map(m -> m.replaceFirst("^relation \"([^\"]+)\" does not exist$", "$1"))
                        .flatMap(ToolJournal::ofTable)
                : java.util.Optional.empty();
        if (journal.isPresent()) {
            add(
                    Rule.REHEARSAL_LACKS_JOURNAL,
                    s,
                    "the rehearsal has no " + journal.get().table() + ", "
                            + journal.get().tool()
                            + "'s journal, which every database "
                            + journal.get().tool() + " migrated holds ("
                            + message.replaceFirst("^ERROR: ", "") + ")");
            return;
        }
        switch (state) {
            case "25001" -> add(Rule.CONCURRENTLY_IN_TRANSACTION, s, message);
            case "55P04" -> add(Rule.ENUM_IN_TRANSACTION, s, message);
            default -> {
                // A syntax error, or an unknown function, type or object, on a rehearsal server older than the target:
                // the report says so instead of presenting a version mismatch as a defect of the migration.
                if (rehearsalVersionNum / 10000 < policy.targetVersionNum() / 10000
                        && Set.of("42601", "42883", "42704", "0A000").contains(state)) {
                    add(
                            Rule.REHEARSAL_OLDER_THAN_TARGET,
                            s,
                            "the rehearsal ran on PostgreSQL " + version(rehearsalVersionNum) + ", older than the"
                                    + " target's " + version(policy.targetVersionNum()) + ", and refused it (" + message
                                    + ")");
                } else {
                    add(Rule.STATEMENT_FAILS, s, message);
                }
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
        CatalogRules rules = new CatalogRules(findings, s, pre, before, after);
        rules.drops(transactional(s));
        rules.columns(notices);
        rules.constraints(locksAfter, lockRules);
        rules.indexBuilds(transactional(s));
        rules.rewrites(truncated);
        if (locksAfter != null) {
            lockRules.afterStatement(s, locksBefore, locksAfter, t0);
        }
    }

    private void add(Rule rule, Statements.Statement s, String detail) {
        findings.add(rule, s, detail);
    }
}
