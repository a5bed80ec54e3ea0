package runbooks.kit.junit;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.env.Environment;

/**
 * The database a runbook deploys to, as its environment names it: on env=local a fresh database on the local cluster;
 * elsewhere {@code <id>.database_url}, or host, port, database and user, with what the target must prove to be
 * ({@code expect.*}); then a copy of it when rehearsing, the run lock, and the write guards the environment asks for
 * (confirmation, change ticket, promotion record).
 */
final class TargetFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TargetFactory.class);

    private TargetFactory() {}

    /**
     * Opens the target {@code run} names; a rehearsal it starts is set in {@code rehearsal}, its lines for the report
     * go to {@code report}, and production's writes wait for {@code promotion}.
     */
    static Target open(
            RunConfiguration run,
            Promotion promotion,
            AtomicReference<RehearsalOnCopy> rehearsal,
            BiConsumer<String, String> report) {
        Environment e = run.env();
        String id = run.id();
        Timeouts timeouts = timeouts(e);
        Target target;
        if (e.isLocal()) {
            LocalCluster cluster = LocalClusters.shared(e);
            long started = System.nanoTime();
            ConnectionSpec spec = cluster.createDatabase(id).withApplication(application(run));
            LOG.info(
                    "[runbooks] {}: fresh database {} on {} in {} ms",
                    id,
                    spec.database(),
                    cluster.description(),
                    (System.nanoTime() - started) / 1_000_000);
            target = local(cluster, spec, timeouts);
        } else {
            Expectation expected = new Expectation(
                    e.value(Settings.EXPECT_PREFIX + "host"),
                    e.value(Settings.EXPECT_PREFIX + "port").map(p -> e.integer(Settings.EXPECT_PREFIX + "port", 0)),
                    e.first(Settings.EXPECT_PREFIX + id + ".database", Settings.EXPECT_PREFIX + "database"),
                    e.value(Settings.EXPECT_PREFIX + "system_identifier"),
                    e.source());
            Optional<String> url = run.setting(Settings.DATABASE_URL).filter(u -> !u.isBlank());
            ConnectionSpec spec = url.isPresent()
                    ? ConnectionSpec.fromUrl(e.name(), url.get(), application(run))
                    : new ConnectionSpec(
                            e.name(),
                            e.require("host", "the database server's host name"),
                            e.integer("port", 5432),
                            run.setting(Settings.DATABASE)
                                    .orElseThrow(() -> new ConfigurationException("No database is named for " + id
                                            + " on " + e.name() + ": set the variable "
                                            + (e.name() + "_" + id + "_DATABASE").toUpperCase(Locale.ROOT)
                                            + " (export it, or put it in .env." + e.name() + ".local), or write '"
                                            + id + ".database=' in " + e.source() + ".")),
                            e.require("user", "the database user"),
                            e.value("password").orElse(""),
                            application(run));
            if (expected.database().isEmpty()) {
                throw new ConfigurationException("Stopping before any write: the expected database is not stated in "
                        + e.source() + ": write " + Settings.EXPECT_PREFIX + id + ".database=<its name> there (a"
                        + " document runbook may say it in its runbook.yaml: environments: { " + e.name()
                        + ": { expect.database: <its name> } }), so that the run can prove it reached that database.");
            }
            target = new Target(spec, expected, timeouts);
            LOG.info(
                    "[runbooks] {}: env={} target {}{}",
                    id,
                    e.name(),
                    spec.masked(),
                    url.isPresent() ? " (from " + id + ".database_url)" : "");
            if (run.rehearsing()) {
                RehearsalOnCopy copy = RehearsalOnCopy.begin(
                        id,
                        target,
                        run.sql("kit/catalog_snapshot.sql"),
                        run.sql("kit/content_checksums.sql"),
                        run::rehearsalCluster,
                        run.setting(Settings.PG_BIN),
                        e.duration(Settings.BACKUP_TIMEOUT, Settings.BACKUP_TIMEOUT_DEFAULT));
                report.accept("rehearsal", "on a copy: " + copy.copy().how());
                rehearsal.set(copy);
                target = copy.copyTarget(application(run), timeouts);
            }
        }
        target.serializeRuns(id, e.duration(Settings.RUN_LOCK_WAIT, Duration.ofMinutes(e.isLocal() ? 1 : 10)));
        if (e.value(Settings.CONFIRM_REQUIRED).map(Boolean::parseBoolean).orElse(false)) {
            target.requireConfirmation(run.value(Settings.CONFIRM));
        }
        if (e.value(Settings.CHANGE_REQUIRED).map(Boolean::parseBoolean).orElse(false)) {
            target.guardWrites(() -> run.change().isPresent()
                    ? Optional.empty()
                    : Optional.of("Refusing to write on " + e.name()
                            + ": name the change this run belongs to, -Dchange=<ticket> (e.g. -Dchange=CHG-1234)."));
        }
        if (e.value(Settings.PROMOTION_REQUIRED).map(Boolean::parseBoolean).orElse(false)) {
            target.guardWrites(promotion::refusal);
        }
        return target;
    }

    /** What a DBA sees in pg_stat_activity.application_name for this runbook's connections. */
    static String application(RunConfiguration run) {
        return "runbooks/" + run.id() + "/" + run.env().name();
    }

    static Timeouts timeouts(Environment e) {
        return new Timeouts(
                e.duration(Settings.CHECK_TIMEOUT, Settings.CHECK_TIMEOUT_DEFAULT),
                e.duration(Settings.WRITE_TIMEOUT, Settings.WRITE_TIMEOUT_DEFAULT),
                e.duration(Settings.LOCK_TIMEOUT, Settings.LOCK_TIMEOUT_DEFAULT));
    }

    static Target local(LocalCluster cluster, ConnectionSpec spec, Timeouts timeouts) {
        return new Target(
                spec,
                new Expectation(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(spec.database()),
                        Optional.of(cluster.systemIdentifier()),
                        "the local database created for this runbook"),
                timeouts);
    }
}
