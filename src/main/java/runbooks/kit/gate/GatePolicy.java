package runbooks.kit.gate;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How the {@link SafetyGate} judges a file: the target's version, the longest ACCESS EXCLUSIVE lock it lets pass, the
 * allow-list of changes and the files it applies to, and whether the files are applied with psql.
 *
 * @param targetVersionNum the target's {@code server_version_num}, for version-dependent rules
 * @param maxLock an ACCESS EXCLUSIVE lock held longer than this in the rehearsal is a warning
 * @param allowOnly the kinds of change an allow-list allows; empty: no allow-list
 * @param allowListFiles the files the allow-list applies to, by name
 * @param psql files applied with psql: each statement in autocommit unless the file opens a transaction
 */
record GatePolicy(
        int targetVersionNum, Duration maxLock, Set<String> allowOnly, Predicate<String> allowListFiles, boolean psql) {

    GatePolicy allowingOnly(Set<String> kinds, Predicate<String> files) {
        return new GatePolicy(targetVersionNum, maxLock, Set.copyOf(kinds), files, psql);
    }

    GatePolicy appliedWithPsql() {
        return new GatePolicy(targetVersionNum, maxLock, allowOnly, allowListFiles, true);
    }
}
