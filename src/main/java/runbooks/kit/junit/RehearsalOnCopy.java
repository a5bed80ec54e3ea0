package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import runbooks.kit.backup.DatabaseCopy;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.schema.SchemaSnapshot;
import runbooks.kit.sql.SqlFile;

/**
 * {@code -Drehearse=copy}: the whole runbook on a fresh copy of the target ({@link DatabaseCopy}), while the target
 * itself is only read. The target is proved and fingerprinted first (its catalog snapshot, every table's row count and
 * content checksum), refuses every write while the rehearsal runs, and is fingerprinted again at the end.
 */
final class RehearsalOnCopy {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RehearsalOnCopy.class);

    private final Target real;
    private final String before;
    private final DatabaseCopy copy;
    private final SqlFile catalog;
    private final SqlFile content;

    private RehearsalOnCopy(Target real, String before, DatabaseCopy copy, SqlFile catalog, SqlFile content) {
        this.real = real;
        this.before = before;
        this.copy = copy;
        this.catalog = catalog;
        this.content = content;
    }

    /** Copies the proved real target of runbook {@code id} and returns the rehearsal; the copy is the run's target. */
    static RehearsalOnCopy begin(
            String id,
            Target real,
            SqlFile catalog,
            SqlFile content,
            Supplier<LocalCluster> local,
            Optional<String> pgBin,
            Duration timeout) {
        real.verify();
        String before = fingerprint(real, catalog, content);
        real.close();
        DatabaseCopy copy = DatabaseCopy.of(real.spec(), local, pgBin, timeout);
        real.guardWrites(() -> Optional.of("Refusing to write to " + real.spec().masked()
                + ": this run is a rehearsal (-Drehearse=copy) and writes only to its copy "
                + copy.spec().masked() + "."));
        LOG.info(
                "[runbooks] {}: rehearsal on {} ({}); {} is only read",
                id,
                copy.spec().masked(),
                copy.how(),
                real.spec().masked());
        return new RehearsalOnCopy(real, before, copy, catalog, content);
    }

    Target real() {
        return real;
    }

    DatabaseCopy copy() {
        return copy;
    }

    /** The copy, as the run's target: verified against its own name, named {@code application} in pg_stat_activity. */
    Target copyTarget(String application, Timeouts timeouts) {
        return new Target(
                copy.spec().withApplication(application),
                Expectation.database(
                        copy.spec().database(),
                        "the rehearsal copy of " + real.spec().masked()),
                timeouts);
    }

    /** The target read again: its fingerprints before and after written into {@code evidenceDir}; the copy dropped. */
    String finish(Path evidenceDir, Target runTarget) {
        String after;
        try {
            after = fingerprint(real, catalog, content);
        } catch (RuntimeException e) {
            return "the target could not be read after the rehearsal (" + e.getMessage() + ")";
        } finally {
            real.close();
        }
        try {
            Files.writeString(evidenceDir.resolve("rehearsal-target-before.txt"), before);
            Files.writeString(evidenceDir.resolve("rehearsal-target-after.txt"), after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (runTarget != null) {
            runTarget.close();
        }
        copy.drop();
        return after.equals(before)
                ? "the target is unchanged: its catalog snapshot and content checksums before and after the rehearsal"
                        + " are equal (rehearsal-target-before.txt, rehearsal-target-after.txt)"
                : "THE TARGET CHANGED during the rehearsal: compare rehearsal-target-before.txt with rehearsal-target-after.txt";
    }

    private static String fingerprint(Target t, SqlFile catalog, SqlFile content) {
        return Evidence.quietly(() -> SchemaSnapshot.take(t, catalog).toText() + "\n"
                + t.query(content).toCsv());
    }
}
