package runbooks.kit.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What every write to a target must pass first: the target proved ({@link Target#verify}), the operator's confirmation
 * where the environment asks for one, every write guard (a change ticket, a promotion record), the run lock, and a
 * database that accepts writes (not a standby, not read-only sessions). Each refusal is one sentence.
 */
final class WritePermit {

    private final Sessions sessions;
    private final List<Supplier<Optional<String>>> guards = new CopyOnWriteArrayList<>();
    /** What the target's verification found, once it passed; null before (or after a mismatch). */
    private volatile TargetIdentity verified;

    private volatile Optional<String> confirmation;
    private volatile boolean writable;
    /** Two runs against one target serialize on a session advisory lock ({@link Target#serializeRuns}). */
    private RunLock runLock;

    WritePermit(Sessions sessions) {
        this.sessions = sessions;
    }

    /** What the target's verification found: {@code null} when it failed. */
    void verified(TargetIdentity identity) {
        this.verified = identity;
    }

    Optional<TargetIdentity> verified() {
        return Optional.ofNullable(verified);
    }

    /** A new session for a write, once every check has passed. */
    Connection openForWrite() throws SQLException {
        check();
        return sessions.open();
    }

    synchronized void serializeRuns(RunLock lock) {
        this.runLock = lock;
    }

    synchronized void holdRunLock() {
        if (runLock != null) {
            runLock.hold();
        }
    }

    synchronized void releaseRunLock() {
        if (runLock != null) {
            runLock.release();
        }
    }

    void guard(Supplier<Optional<String>> guard) {
        guards.add(guard);
    }

    void requireConfirmation(Optional<String> given) {
        this.confirmation = given.map(String::trim).filter(c -> !c.isEmpty());
    }

    void check() {
        ConnectionSpec spec = sessions.spec();
        TargetIdentity verified = this.verified;
        if (verified == null) {
            throw new SafetyStop("Refusing to write to " + spec.masked()
                    + ": the target has not been verified yet (the preflight target check must pass first).");
        }
        Optional<String> confirm = confirmation;
        if (confirm != null && !confirm.filter(verified.database()::equals).isPresent()) {
            // The name to type is not printed as a ready -Dconfirm= value: copying it from the refusal would defeat the
            // confirmation.
            throw new SafetyStop(
                    "Refusing to write to " + spec.masked() + " on " + spec.environment() + ": confirm by typing, as"
                            + " -Dconfirm=<database>, the name of the database you mean to change"
                            + confirm.map(c -> " (-Dconfirm=" + c + " does not match it)")
                                    .orElse("") + ".");
        }
        for (var guard : guards) {
            guard.get().ifPresent(refusal -> {
                throw new SafetyStop(refusal);
            });
        }
        holdRunLock();
        requireWritable(spec);
    }

    /** A standby or a read-only database shares the primary's system_identifier: refused in one sentence before the first write. */
    private synchronized void requireWritable(ConnectionSpec spec) {
        if (writable) {
            return;
        }
        try (Connection c = Connections.open(spec);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new SafetyStop("Refusing to write to " + spec.masked()
                        + ": it is a standby (pg_is_in_recovery() is true), a"
                        + " read-only copy of the primary; point the " + spec.environment() + " host at the primary.");
            }
            if ("on".equals(rs.getString(2))) {
                throw new SafetyStop("Refusing to write to " + spec.masked()
                        + ": its sessions are read-only (default_transaction_read_only"
                        + " is on for this database or user); a DBA lifts it (ALTER DATABASE ... SET default_transaction_read_only = off) for the"
                        + " change window.");
            }
            writable = true;
        } catch (SQLException e) {
            throw new SqlFailure(
                    "Could not check whether " + spec.masked() + " accepts writes: "
                            + e.getMessage().replace('\n', ' '),
                    e);
        }
    }
}
