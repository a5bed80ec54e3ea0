package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;

/**
 * On env=local, a runbook's pre-deploy state built once per JVM and copied ({@code CREATE DATABASE ... TEMPLATE}) for
 * every later run whose inputs are the same ({@link Deployment#standIn}).
 */
public final class StandIns {

    private static final Logger LOG = LoggerFactory.getLogger(StandIns.class);
    /** Templates of local pre-deploy states built in this JVM: key -> template database name. */
    private static final ConcurrentHashMap<String, String> TEMPLATES = new ConcurrentHashMap<>();

    private static final ConcurrentHashMap<String, Object> TEMPLATE_LOCKS = new ConcurrentHashMap<>();

    private final RunConfiguration run;
    private final RunTarget target;
    /** Files held back from the template being built; empty otherwise. */
    private volatile Set<String> heldBack = Set.of();

    StandIns(RunConfiguration run, RunTarget target) {
        this.run = run;
        this.target = target;
    }

    /**
     * On env=local: the runbook's database as {@code build} leaves it, built once per JVM and copied ({@code CREATE DATABASE
     * ... TEMPLATE}) for every later run whose inputs (files or folders under {@code sql/}, a drill's overlay applied) and
     * {@code settings} are the same. A {@code .sql} file a drill's overlay adds to an input folder is held back from the
     * template ({@link #fixtureFiles} leaves it out while {@code build} runs) and run on the copy by {@code apply}, last.
     * Must come before the first use of the target; elsewhere it simply runs {@code build}.
     */
    public void build(List<String> inputs, Map<String, String> settings, Runnable build, Consumer<String> apply) {
        if (!run.isLocal()) {
            build.run();
            return;
        }
        if (target.ifOpened() != null) {
            throw new IllegalStateException("standIn must come before the runbook's first use of its target");
        }
        String id = run.id();
        StandInInputs sources = new StandInInputs(
                run.sqlFiles(), run.basedir().resolve("sql"), run.workDir().resolve("sql"), inputs);
        List<String> added = sources.addedByOverlay();
        String key = id + ":" + sources.key(settings, added);
        LocalCluster cluster = LocalClusters.shared(run.env());
        synchronized (TEMPLATE_LOCKS.computeIfAbsent(key, k -> new Object())) {
            String template = TEMPLATES.get(key);
            if (template != null) {
                long started = System.nanoTime();
                ConnectionSpec spec =
                        cluster.cloneDatabase(template, id).withApplication(TargetFactory.application(run));
                Target copy = TargetFactory.local(cluster, spec, TargetFactory.timeouts(run.env()));
                copy.serializeRuns(id, run.env().duration(Settings.RUN_LOCK_WAIT, Duration.ofMinutes(1)));
                target.adopt(copy);
                long ms = (System.nanoTime() - started) / 1_000_000;
                LOG.info(
                        "[runbooks] {}: pre-deploy state copied from template {} into {} in {} ms",
                        id,
                        template,
                        spec.database(),
                        ms);
                Evidence.text(
                        "stand-in",
                        "copied in " + ms + " ms from template " + template
                                + ", built earlier in this run from the same " + String.join(", ", inputs));
            } else {
                heldBack = Set.copyOf(added);
                try {
                    build.run();
                } finally {
                    heldBack = Set.of();
                }
                target.get().close();
                ConnectionSpec copy = cluster.cloneDatabase(target.get().spec().database(), id + "_template");
                TEMPLATES.put(key, copy.database());
                LOG.info("[runbooks] {}: pre-deploy state kept as template {} for later runs", id, copy.database());
            }
        }
        if (!added.isEmpty()) {
            target.get().verify();
        }
        for (String file : added) {
            LOG.info("[runbooks] {}: {} (added by this run's overlay) applied to the copy", id, file);
            apply.accept(file);
        }
    }

    /** The {@code .sql} files directly in {@code sql/<dir>} (overlay applied), relative to {@code sql/}, in name order. */
    public List<String> fixtureFiles(String dir) {
        Path merged = run.sqlFiles().directory(dir, run.workDir().resolve("sql"));
        try (var files = Files.list(merged)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .map(f -> dir + "/" + f)
                    .filter(f -> !heldBack.contains(f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + merged, e);
        }
    }
}
