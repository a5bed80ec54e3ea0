package runbooks.kit.gate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.PsqlSplitter;
import runbooks.kit.sql.Statements;

/**
 * Judges migrations by running them: each pending file is applied, statement by statement, to a
 * rehearsal database that holds the target's schema (never the target), and after every statement the
 * gate compares pg_catalog with its state before and reads the locks the session holds. Only objects
 * that existed before the file are judged; whatever the file itself created is its own business.
 *
 * <p>Transactions follow how the file would run: a Flyway migration is one transaction unless it has
 * statements that cannot run in one (CONCURRENTLY) or its {@code .sql.conf} says {@code executeInTransaction=false}
 * (then statement by statement, as Flyway runs it); a file with its own BEGIN/COMMIT runs as psql would.
 * The rehearsal database is thrown away afterwards, so the gate commits where the real run would.
 */
public final class SafetyGate implements MigrationGate {

    private final ConnectionSpec rehearsal;
    /** How it judges; files applied with psql: see {@link #appliedWithPsql}. */
    private final GatePolicy policy;

    /** The kinds of change an allow-list policy can name (see {@link #allowingOnly}). */
    public static final Set<String> ALLOW_LIST_KINDS = Set.of("enum-add-value", "create-table", "create-index");

    /**
     * @param rehearsal a throwaway database already at the target's schema
     * @param targetVersionNum the target's {@code server_version_num}, for version-dependent rules
     * @param maxLock an ACCESS EXCLUSIVE lock held longer than this in the rehearsal is a warning
     */
    public SafetyGate(ConnectionSpec rehearsal, int targetVersionNum, Duration maxLock) {
        this(rehearsal, new GatePolicy(targetVersionNum, maxLock, Set.of(), file -> true, false));
    }

    private SafetyGate(ConnectionSpec rehearsal, GatePolicy policy) {
        this.rehearsal = rehearsal;
        this.policy = policy;
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
            throw new IllegalArgumentException(
                    "An allow-list names kinds among " + new java.util.TreeSet<>(ALLOW_LIST_KINDS) + ", not " + kinds);
        }
        return new SafetyGate(rehearsal, policy.allowingOnly(kinds, files));
    }

    /**
     * This gate for files a DBA applies with {@code psql -f}: outside an explicit BEGIN/COMMIT every statement is
     * its own transaction, so the statements PostgreSQL refuses in a transaction block (REINDEX CONCURRENTLY,
     * VACUUM) run as psql runs them. By default the gate judges as Flyway runs a file: in one transaction unless a
     * statement is one Flyway runs outside it (CONCURRENTLY index builds, VACUUM; not REINDEX CONCURRENTLY).
     */
    public SafetyGate appliedWithPsql() {
        return new SafetyGate(rehearsal, policy.appliedWithPsql());
    }

    @Override
    public String name() {
        return "safety gate (rehearsal on " + rehearsal.masked() + ", target server_version_num "
                + policy.targetVersionNum()
                + (policy.psql() ? ", files applied with psql" : "")
                + (policy.allowOnly().isEmpty()
                        ? ""
                        : ", allowing only " + String.join(", ", new java.util.TreeSet<>(policy.allowOnly())))
                + ")";
    }

    @Override
    public List<Finding> inspect(List<Path> pendingMigrations) {
        List<Finding> findings = new ArrayList<>();
        // A statement that did not run in the rehearsal leaves later files without its objects: what fails for that
        // alone is not judged, in whichever file it is.
        Unrehearsed unrehearsed = new Unrehearsed();
        Statements.Splitter splitter = PsqlSplitter.on(rehearsal);
        for (Path file : pendingMigrations) {
            try (Connection c = Connections.open(rehearsal)) {
                CommandLog.install(c);
                // A Flyway script whose .sql.conf says executeInTransaction=false runs statement by statement, as psql
                // does.
                GatePolicy judging =
                        policy.psql() || runbooks.kit.migration.FlywayScriptConfig.executesInTransaction(file)
                                ? policy
                                : policy.appliedWithPsql();
                findings.addAll(new GateRun(judging, c, statementsOf(file, splitter), unrehearsed).run());
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "The rehearsal of " + runbooks.kit.migration.MigrationFiles.displayName(file)
                                + " lost its database: " + e.getMessage(),
                        e);
            }
        }
        return findings;
    }

    /** A migration file's statements, named as the reports name the file. */
    static List<Statements.Statement> statementsOf(Path file, Statements.Splitter splitter) {
        return Statements.of(
                runbooks.kit.migration.MigrationFiles.displayName(file),
                runbooks.kit.migration.MigrationFiles.readForGate(file),
                splitter);
    }
}
