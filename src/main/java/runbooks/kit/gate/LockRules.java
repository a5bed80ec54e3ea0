package runbooks.kit.gate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import runbooks.kit.gate.CatalogSnapshot.Lock;
import runbooks.kit.gate.CatalogSnapshot.Locks;
import runbooks.kit.gate.CatalogSnapshot.Relation;
import runbooks.kit.sql.Statements;

/**
 * The gate's lock rules over the transactions of one file's rehearsal: the strong locks each statement takes on existing tables,
 * how long an ACCESS EXCLUSIVE lock is held until the transaction ends, and the timeouts such a statement runs without.
 */
final class LockRules {

    /** A strong lock on a relation: the statement that took it first in the open transaction, and when. */
    record Taken(Statements.Statement statement, String mode, long at) {}

    private static final Set<String> STRONG_LOCKS =
            Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private final Findings findings;
    /** An ACCESS EXCLUSIVE lock held longer than this in the rehearsal is a warning. */
    private final Duration maxLock;

    private final CatalogSnapshot pre;
    /** Strong locks taken in the open transaction: relation -> statement that took it first, and when. */
    private final Map<Long, Taken> strong = new HashMap<>();

    LockRules(Findings findings, Duration maxLock, CatalogSnapshot pre) {
        this.findings = findings;
        this.maxLock = maxLock;
        this.pre = pre;
    }

    void transactionBegins() {
        strong.clear();
    }

    /** The transaction committed: how long each ACCESS EXCLUSIVE lock was held. */
    void transactionEnds() {
        long now = System.nanoTime();
        for (var e : strong.entrySet()) {
            Relation r = pre.relations().get(e.getKey());
            if (r == null || !e.getValue().mode().equals("AccessExclusiveLock")) {
                continue;
            }
            long ms = (now - e.getValue().at()) / 1_000_000;
            findings.add(
                    Rule.ACCESS_EXCLUSIVE_LOCK,
                    e.getValue().statement(),
                    "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms
                            + " ms in the rehearsal, until the end of the transaction");
            if (ms > maxLock.toMillis()) {
                findings.add(
                        Rule.LONG_ACCESS_EXCLUSIVE_LOCK,
                        e.getValue().statement(),
                        "ACCESS EXCLUSIVE lock on " + r.name() + " held " + ms + " ms, more than " + maxLock.toMillis()
                                + " ms");
            }
        }
        strong.clear();
    }

    /** The statement that first took a strong lock on {@code relOid} in the open transaction, if another did. */
    java.util.Optional<Taken> strongLockBefore(long relOid, Statements.Statement s) {
        Taken earlier = strong.get(relOid);
        return earlier != null && earlier.statement() != s
                ? java.util.Optional.of(earlier)
                : java.util.Optional.empty();
    }

    void afterStatement(Statements.Statement s, Locks before, Locks after, long t0) {
        boolean strongOnExisting = false;
        for (Lock lock : after.held()) {
            if (before.held().contains(lock) || !pre.relations().containsKey(lock.relOid())) {
                continue;
            }
            if (STRONG_LOCKS.contains(lock.mode())) {
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
            findings.add(
                    Rule.MISSING_LOCK_TIMEOUT, s, "takes a strong lock on an existing table with lock_timeout = 0");
        }
        boolean scans = findings.anyOn(
                s,
                Set.of(
                        "set-not-null",
                        "constraint-created-valid",
                        "index-without-concurrently",
                        "unique-under-lock",
                        "table-rewrite",
                        "column-type-rewrite",
                        "volatile-default"));
        if (scans && after.statementTimeout().equals("0")) {
            findings.add(
                    Rule.MISSING_STATEMENT_TIMEOUT,
                    s,
                    "scans or rewrites an existing table with statement_timeout = 0");
        }
    }
}
