package runbooks.kit.fleet;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.data.Rows;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.SqlFailure;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.env.Environment;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.fleet.TargetResult.Outcome;
import runbooks.kit.junit.Settings;

/**
 * One runbook run once per target of a fleet, in this process, with the JUnit Platform Launcher: wave by wave, at most
 * the fleet's {@code concurrency} targets at once, stopping when more than {@code max_failures} targets failed (the
 * targets after that are not run, with the reason). Each target runs as a single run does, on an environment of its
 * own ({@code target/fleet/<env>/<id>/targets/<name>/environments/}: the environment's files with the target's
 * connection and expectations added), so it proves itself, takes its run lock, reads its deploy state and keeps its own
 * evidence folder and apply log. A re-run therefore continues: done targets verify, failed ones retry, the rest deploy.
 *
 * <pre>{@code
 * FleetSummary summary = FleetRun.of(fleet, "staging", "invoices", DocumentRunbooksIT.class)
 *         .with("runbooks.documents.only", "invoices")
 *         .run();
 * }</pre>
 */
public record FleetRun(
        Fleet fleet,
        String env,
        String id,
        Class<?> runbook,
        Path basedir,
        Path environments,
        Shard shard,
        Map<String, String> configuration,
        Path promotionRecord) {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRun.class);

    public static FleetRun of(Fleet fleet, String env, String id, Class<?> runbook) {
        Path basedir =
                Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).toAbsolutePath();
        return new FleetRun(
                fleet, env, id, runbook, basedir, basedir.resolve("environments"), Shard.WHOLE, Map.of(), null);
    }

    /**
     * The fleet run a configuration asks for: the fleet file of runbook {@code id} on {@code env} (the environment key
     * {@code <id>.fleet}, else {@code environments/<env>.fleet.yaml}), the targets of {@code -Dfleet.targets}, the
     * share of {@code -Dfleet.shard}. {@code config} gives run keys (system properties, configuration parameters).
     * Bad input is one sentence, thrown before anything is written.
     */
    public static FleetRun configured(
            Path basedir, String env, String id, Class<?> runbook, Function<String, Optional<String>> config) {
        Path environments =
                config.apply(Settings.ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
        Function<String, Optional<String>> variables = Environment.defaultVariables(basedir, env);
        Function<String, Optional<String>> values = key -> config.apply(key).or(() -> variables.apply(key));
        Environment environment = Environment.load(environments, env, values);
        Optional<String> named = environment.first(id + "." + Fleet.FLEET_KEY);
        Fleet fleet = Fleet.locate(environments, env, named, discovery -> discover(environment, values, discovery));
        Optional<List<String>> only = config.apply(Fleet.TARGETS_PROPERTY)
                .filter(t -> !t.isBlank())
                .map(t -> List.of(t.trim().split("\\s*,\\s*")));
        Shard shard = Shard.parse(config.apply(Shard.PROPERTY).orElse(null));
        Path record = promotedFrom(basedir, environment, id).orElse(null);
        return new FleetRun(
                only.map(fleet::only).orElse(fleet), env, id, runbook, basedir, environments, shard, Map.of(), record);
    }

    /**
     * The rows of a fleet file's discovery query, run read-only (the check timeout) on its catalog database, reached as
     * the fleet's defaults say and else as the environment does.
     */
    private static List<Map<String, String>> discover(
            Environment environment, Function<String, Optional<String>> values, Fleet.Discovery discovery) {
        String host = Optional.ofNullable(discovery.host())
                .or(() -> environment.first("host"))
                .orElse("localhost");
        int port = Optional.ofNullable(discovery.port()).orElseGet(() -> environment.integer("port", 5432));
        String user = Optional.ofNullable(discovery.user())
                .or(() -> environment.first("user"))
                .orElse(System.getProperty("user.name"));
        String password = Optional.ofNullable(discovery.passwordVariable())
                .flatMap(values)
                .or(() -> environment.first("password"))
                .orElse(null);
        ConnectionSpec catalog =
                new ConnectionSpec(environment.name(), host, port, discovery.database(), user, password);
        Rows rows;
        // Read only, with the environment's check timeout; nothing is written, so proving its name is enough.
        Timeouts timeouts = new Timeouts(
                environment.duration(Settings.CHECK_TIMEOUT, Settings.CHECK_TIMEOUT_DEFAULT),
                environment.duration(Settings.CHECK_TIMEOUT, Settings.CHECK_TIMEOUT_DEFAULT),
                environment.duration(Settings.LOCK_TIMEOUT, Settings.LOCK_TIMEOUT_DEFAULT));
        try (Target target =
                new Target(catalog, Expectation.database(discovery.database(), "the fleet's discover:"), timeouts)) {
            target.verify();
            rows = target.read("discovery query of " + discovery.source(), discovery.query());
        } catch (SqlFailure e) {
            throw new ConfigurationException("The discovery query of " + discovery.source() + " failed on "
                    + catalog.masked() + " ("
                    + e.getMessage().lines().findFirst().orElse("").strip()
                    + "); fix the query (read-only, returning the columns name and database) and run again.");
        }
        List<Map<String, String>> found = new ArrayList<>();
        for (List<String> row : rows.values()) {
            Map<String, String> named = new LinkedHashMap<>();
            for (int c = 0; c < rows.columns().size(); c++) {
                named.put(rows.columns().get(c), row.get(c));
            }
            found.add(named);
        }
        return found;
    }

    /**
     * Where production requires a promotion ({@code promotion.required}), a fleet is promoted from a passing fleet run of
     * the same runbook on {@code promotion.environment} (default staging): its summary ({@code <id>.fleet.promotion},
     * default {@code target/fleet/<that environment>/<id>/fleet-summary.json}) must cover a fleet where every target
     * deployed or verified. Each target then checks the promotion record of that run's canary as a single run does (the
     * runbook, the commit and files, the evidence intact). Refused in one sentence, before any write.
     */
    private static Optional<Path> promotedFrom(Path basedir, Environment environment, String id) {
        if (!environment
                .first(Settings.PROMOTION_REQUIRED)
                .map(Boolean::parseBoolean)
                .orElse(false)) {
            return Optional.empty();
        }
        String from = environment.first(Settings.PROMOTION_ENVIRONMENT).orElse("staging");
        Path summaryFile = environment
                .first(id + "." + Fleet.FLEET_KEY + ".promotion")
                .map(basedir::resolve)
                .orElse(basedir.resolve("target/fleet")
                        .resolve(from)
                        .resolve(id)
                        .resolve(FleetSummary.JSON));
        String refused = environment.name() + "'s fleet run of " + id + " needs a passing " + from + " fleet run of it";
        if (!Files.isRegularFile(summaryFile)) {
            throw new ConfigurationException(refused + ", and there is no " + summaryFile + ": run the fleet on " + from
                    + " first (or name its summary with " + id + ".fleet.promotion).");
        }
        FleetSummary summary = FleetSummary.read(summaryFile);
        if (!summary.runbook().equals(id) || !summary.environment().equals(from)) {
            throw new ConfigurationException(refused + ", and " + summaryFile + " is a run of " + summary.runbook()
                    + " on " + summary.environment() + ".");
        }
        FleetSummary.Counts c = summary.total();
        if (c.failed() + c.notRun() > 0 || summary.targets().isEmpty()) {
            throw new ConfigurationException(
                    refused + ", and the run in " + summaryFile + " did not pass (" + c.failed()
                            + " failed, " + c.notRun() + " not run of "
                            + summary.targets().size()
                            + " targets): finish it there first.");
        }
        TargetResult canary = summary.targets().get(0);
        Path record = Optional.ofNullable(canary.evidence())
                .map(e -> basedir.resolve(e).resolve("promotion.json"))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new ConfigurationException(refused + ", and the evidence of its target "
                        + canary.name() + " (" + canary.evidence() + ") holds no promotion.json: run the fleet on "
                        + from + " again."));
        return Optional.of(record);
    }

    /** The project the runbook runs in (its {@code sql/}, its {@code target/}). */
    public FleetRun basedir(Path folder) {
        return new FleetRun(
                fleet, env, id, runbook, folder, folder.resolve("environments"), shard, configuration, promotionRecord);
    }

    /** The folder of environment files each target's environment starts from. */
    public FleetRun environments(Path folder) {
        return new FleetRun(fleet, env, id, runbook, basedir, folder, shard, configuration, promotionRecord);
    }

    public FleetRun shard(Shard part) {
        return new FleetRun(fleet, env, id, runbook, basedir, environments, part, configuration, promotionRecord);
    }

    /** A configuration parameter for every target's run ({@code runbooks.documents.only}, a variable). */
    public FleetRun with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(configuration);
        more.put(key, value);
        return new FleetRun(fleet, env, id, runbook, basedir, environments, shard, Map.copyOf(more), promotionRecord);
    }

    /** The fleet's folder: {@code target/fleet/<env>/<id>/}. */
    public Path folder() {
        return basedir.resolve("target/fleet").resolve(env).resolve(id);
    }

    /** Runs this shard's targets and writes its summary (the whole fleet's, or {@code shard-<i>-of-<n>/}). */
    public FleetSummary run() {
        Map<Integer, List<FleetTarget>> waves = shard.of(fleet.targets()).stream()
                .collect(Collectors.groupingBy(FleetTarget::wave, TreeMap::new, Collectors.toList()));
        AtomicReference<String> budgetSpent = new AtomicReference<>();
        int total = waves.values().stream().mapToInt(List::size).sum();
        LOG.info(
                "[fleet] {} on {}: {} targets in {} waves, {} at once, max_failures {}{}",
                id,
                env,
                total,
                waves.size(),
                fleet.concurrency(),
                fleet.maxFailures(),
                shard.isWhole() ? "" : " (shard " + shard + ")");
        List<TargetResult> results = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(fleet.concurrency());
        try {
            for (var wave : waves.entrySet()) {
                List<Callable<TargetResult>> runs = wave.getValue().stream()
                        .map(t -> (Callable<TargetResult>) () -> {
                            String stop = budgetSpent.get();
                            TargetResult r = stop != null ? TargetResult.notRun(t, stop) : runOne(t);
                            results.add(r);
                            spendBudget(results, budgetSpent);
                            progress(r, results.size(), total);
                            return r;
                        })
                        .toList();
                for (Future<TargetResult> f : pool.invokeAll(runs)) {
                    f.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The fleet run was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A target's run broke the fleet run (a bug of the kit)", e.getCause());
        } finally {
            pool.shutdown();
        }
        FleetSummary summary = FleetSummary.of(env, id, shard.count(), List.copyOf(results));
        summary.write(shard.isWhole() ? folder() : folder().resolve(shard.folder()));
        if (shard.isWhole()) {
            FleetReport.summary(summary); // a shard's is recorded by the merge, once for all shards
        }
        return summary;
    }

    /**
     * The merge step after the shards: their summaries made one ({@link FleetSummary#merge}) and recorded in the report
     * as the fleet's summary.
     */
    public static FleetSummary merge(Path folder) {
        FleetSummary merged = FleetSummary.merge(folder);
        FleetReport.summary(merged);
        return merged;
    }

    /** One line a target, as it ends: a long rollout shows where it is. */
    private void progress(TargetResult r, int done, int total) {
        LOG.info(
                "[fleet] {} on {}: {} of {}: {} (wave {}) {}{}",
                id,
                env,
                done,
                total,
                r.name(),
                r.wave(),
                r.outcome().words(),
                r.outcome() == Outcome.NOT_RUN
                        ? ""
                        : r.failedStep() != null
                                ? " at " + r.failedStep() + " in " + r.seconds() + " s"
                                : " in " + r.seconds() + " s");
    }

    /** Once more targets failed than the budget allows, every target not yet started is not run, with this reason. */
    private synchronized void spendBudget(List<TargetResult> results, AtomicReference<String> budgetSpent) {
        List<TargetResult> failed;
        synchronized (results) {
            failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        }
        if (failed.size() > fleet.maxFailures() && budgetSpent.get() == null) {
            budgetSpent.set("the failure budget (max_failures " + fleet.maxFailures() + ") was spent in wave "
                    + failed.get(failed.size() - 1).wave() + ": " + failed.size() + " targets failed ("
                    + failed.stream().map(TargetResult::name).sorted().collect(Collectors.joining(", "))
                    + "); fix them and run the fleet again");
        }
    }

    private TargetResult runOne(FleetTarget target) {
        Path dir = folder().resolve("targets").resolve(target.name());
        Path evidenceRoot = dir.resolve("evidence");
        Map<String, String> parameters = new LinkedHashMap<>(configuration);
        parameters.put(Settings.ENV_PROPERTY, env);
        parameters.put(Settings.BASEDIR_PROPERTY, basedir.toString());
        parameters.put(
                Settings.ENVIRONMENTS_PROPERTY, environmentOf(target, dir).toString());
        parameters.put(Settings.WORKDIR_PROPERTY, dir.resolve("work").toString());
        parameters.put(Settings.EVIDENCE_PROPERTY, "");
        parameters.put(Settings.EVIDENCE_ROOT_PROPERTY, evidenceRoot.toString());
        Steps steps = new Steps();
        Instant start = Instant.now();
        FleetReport.during(env, id, target, () -> {
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(runbook))
                                    .configurationParameters(parameters)
                                    .build(),
                            steps);
            return null;
        });
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        Optional<String> entry = lastApplyLogEntry(evidenceRoot);
        String mode =
                entry.flatMap(e -> line(e, "- Run mode: ")).map(FleetRun::mode).orElse(null);
        String evidence = entry.flatMap(e -> line(e, "- Evidence: "))
                .map(e -> e.replaceFirst(" \\(.*$", ""))
                .map(e -> basedir.relativize(Path.of(e)).toString())
                .orElse(basedir.relativize(evidenceRoot).toString());
        if (steps.failed.get() != null) {
            String[] failed = steps.failed.get();
            return new TargetResult(
                    target.name(),
                    target.wave(),
                    target.position(),
                    mode,
                    Outcome.FAILED,
                    failed[0],
                    failed[1],
                    evidence,
                    seconds,
                    steps.seconds());
        }
        return new TargetResult(
                target.name(),
                target.wave(),
                target.position(),
                mode,
                "verify".equals(mode) ? Outcome.VERIFIED : Outcome.DEPLOYED,
                null,
                null,
                evidence,
                seconds,
                steps.seconds());
    }

    /**
     * The target's own environment folder: the environment's files, and in {@code <env>.properties} the target's
     * connection and expectations appended (a later line of a properties file wins). The password is a reference to its
     * variable, resolved as the environment's own values are.
     */
    private Path environmentOf(FleetTarget target, Path dir) {
        Path folder = dir.resolve("environments");
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(environments)) {
                for (Path f :
                        files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                    Files.copy(f, folder.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            StringBuilder lines = new StringBuilder("\n# The fleet's target " + target.name() + " (" + fleet.source()
                    + ", wave " + target.wave() + ")\n");
            append(lines, "host", target.host());
            append(lines, "port", target.port() == null ? null : String.valueOf(target.port()));
            append(lines, "user", target.user());
            append(
                    lines,
                    "password",
                    target.passwordVariable() == null ? null : "${" + target.passwordVariable() + "}");
            append(lines, id + "." + Settings.DATABASE, target.database());
            append(lines, Settings.EXPECT_PREFIX + id + "." + Settings.DATABASE, target.expectDatabase());
            append(lines, Settings.EXPECT_PREFIX + "system_identifier", target.expectSystemIdentifier());
            append(
                    lines,
                    id + "." + Settings.PROMOTION_RECORD,
                    promotionRecord == null ? null : promotionRecord.toString());
            Files.writeString(
                    folder.resolve(env + ".properties"),
                    lines.toString(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    private static void append(StringBuilder lines, String key, String value) {
        if (value != null) {
            lines.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n');
        }
    }

    private static Optional<String> lastApplyLogEntry(Path evidenceRoot) {
        Path log = evidenceRoot.resolve(EvidenceFolder.APPLY_LOG);
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(log);
            int at = text.lastIndexOf("\n## ");
            return Optional.of(at < 0 ? text : text.substring(at));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> line(String entry, String prefix) {
        return entry.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst();
    }

    /** {@code verify (complete: …)} → verify; {@code deploy (continuing: …)} → continue; a partial state → stop. */
    private static String mode(String runMode) {
        String written = runMode.toLowerCase(Locale.ROOT);
        if (written.startsWith("verify")) {
            return "verify";
        }
        if (written.contains("(continuing")) {
            return "continue";
        }
        if (written.contains("(partial")) {
            return "stop";
        }
        return written.startsWith("deploy") ? "deploy" : null;
    }

    /** The first step that failed (its name and the first line of why), or a class that failed before its steps. */
    private static final class Steps implements TestExecutionListener {
        final AtomicReference<String[]> failed = new AtomicReference<>();
        /** When the runbook's engine started and finished: the runbook's own time, without the fleet's. */
        private long started;

        private long finished;

        @Override
        public void executionStarted(TestIdentifier step) {
            if (step.getParentId().isEmpty() && started == 0) {
                started = System.nanoTime();
            }
        }

        /** The runbook's own seconds (its engine's run), {@code null} when it never started. */
        Double seconds() {
            return started == 0 || finished == 0 ? null : (finished - started) / 1e9;
        }

        @Override
        public void executionFinished(TestIdentifier step, TestExecutionResult result) {
            if (step.getParentId().isEmpty()) {
                finished = System.nanoTime();
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                String why = result.getThrowable()
                        .map(t -> shortened(String.valueOf(t.getMessage())))
                        .orElse("");
                failed.compareAndSet(null, new String[] {step.getDisplayName(), why});
            }
        }

        /** One line of the summary: the message on one line, its first 300 characters. */
        private static String shortened(String message) {
            String line = message.strip().replaceAll("\\s+", " ");
            return line.length() <= 300 ? line : line.substring(0, 297) + "...";
        }
    }
}
