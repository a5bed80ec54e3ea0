package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Expectation;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.Target;
import runbooks.kit.env.Environment;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * Everything a runbook's steps share: the environment, the target database, the {@code sql/} files and
 * a work folder under {@code target/}. The environment and the target are opened on first use, so a
 * configuration mistake fails the first step with one sentence instead of the whole class.
 */
public final class RunbookContext {

    /** System property: the project root; default the working directory. */
    public static final String BASEDIR_PROPERTY = "runbooks.basedir";
    /** System property: the folder of environment files; default {@code <basedir>/environments}. */
    public static final String ENVIRONMENTS_PROPERTY = "runbooks.environments";
    /** Configuration parameter: this run's work folder; default {@code target/runbooks/<id>} (drills get one each). */
    public static final String WORKDIR_PROPERTY = "runbooks.workdir";
    /** System property: where Allure results go; default {@code target/allure-results}. */
    public static final String RESULTS_PROPERTY = "allure.results.directory";

    private static final Logger LOG = LoggerFactory.getLogger(RunbookContext.class);

    private final Runbook runbook;
    /** The runbook's class, when run by JUnit: its source is part of what a promotion record covers. */
    private final Class<?> type;
    private final Function<String, Optional<String>> config;
    private final Path basedir;
    private final Map<String, String> reported = new LinkedHashMap<>();
    private final java.time.Instant created = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private Environment env;
    private Target target;
    private java.util.function.Supplier<DeployState> stateProbe =
            () -> DeployState.notStarted("this runbook reads no deploy state from its target: every run deploys");
    private volatile DeployState state;

    RunbookContext(Runbook runbook, Function<String, Optional<String>> config) {
        this(runbook, config, null);
    }

    RunbookContext(Runbook runbook, Function<String, Optional<String>> config, Class<?> type) {
        this.runbook = runbook;
        this.type = type;
        this.config = config;
        this.basedir = Path.of(config.apply(BASEDIR_PROPERTY).orElse(".")).toAbsolutePath().normalize();
    }

    /** For tools outside JUnit (the stand-in preparation): configuration from system properties. */
    public static RunbookContext fromSystemProperties(Runbook runbook) {
        return new RunbookContext(runbook, key -> Optional.ofNullable(System.getProperty(key)));
    }

    /** For tools and tests outside a JUnit run of the runbook (preparing a stand-in): configuration from {@code configuration}. */
    public static RunbookContext withConfiguration(Runbook runbook, Map<String, String> configuration) {
        Map<String, String> copy = Map.copyOf(configuration);
        return new RunbookContext(runbook, key -> Optional.ofNullable(copy.get(key)));
    }

    public String id() {
        return runbook.id();
    }

    public String document() {
        return runbook.document();
    }

    public Path basedir() {
        return basedir;
    }

    public synchronized Environment env() {
        if (env == null) {
            String name = config.apply(Environment.ENV_PROPERTY).map(String::trim).filter(s -> !s.isEmpty())
                    .orElse(Environment.DEFAULT_ENV);
            Path dir = config.apply(ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
            Function<String, Optional<String>> fallback = Environment.defaultVariables(basedir, name);
            env = Environment.load(dir, name, key -> config.apply(key).or(() -> runbooks.kit.env.Secrets.get(key)).or(() -> fallback.apply(key)));
        }
        return env;
    }

    public boolean isLocal() {
        return env().isLocal();
    }

    /** A per-runbook setting: {@code <id>.<key>} in the environment file, else {@code <key>}. */
    public Optional<String> setting(String key) {
        return env().first(id() + "." + key, key);
    }

    /** The database this runbook deploys to; on env=local a fresh one, created on first use. */
    public synchronized Target target() {
        if (target == null) {
            Environment e = env();
            Target.Timeouts timeouts = timeouts(e);
            if (e.isLocal()) {
                LocalCluster cluster = LocalClusters.shared(e);
                long started = System.nanoTime();
                ConnectionSpec spec = cluster.createDatabase(id()).withApplication(application());
                LOG.info("[runbooks] {}: fresh database {} on {} in {} ms", id(), spec.database(),
                        cluster.description(), (System.nanoTime() - started) / 1_000_000);
                target = localTarget(cluster, spec, timeouts);
            } else if (setting("database_url").filter(u -> !u.isBlank()).isPresent()) {
                ConnectionSpec spec = ConnectionSpec.fromUrl(e.name(), setting("database_url").get(), application());
                Expectation expected = new Expectation(e.value("expect.host"),
                        e.value("expect.port").map(p -> e.integer("expect.port", 0)),
                        e.first("expect." + id() + ".database", "expect.database"),
                        e.value("expect.system_identifier"), e.source());
                target = new Target(spec, expected, timeouts);
                LOG.info("[runbooks] {}: env={} target {} (from {}.database_url)", id(), e.name(), spec.masked(), id());
            } else {
                ConnectionSpec spec = new ConnectionSpec(e.name(),
                        e.require("host", "the database server's host name"),
                        e.integer("port", 5432),
                        setting("database").orElseThrow(() -> new runbooks.kit.env.ConfigurationException(e.source()
                                + " sets neither '" + id() + ".database' nor 'database'; add the database name.")),
                        e.require("user", "the database user"),
                        e.value("password").orElse(""), application());
                Expectation expected = new Expectation(e.value("expect.host"),
                        e.value("expect.port").map(p -> e.integer("expect.port", 0)),
                        e.first("expect." + id() + ".database", "expect.database"),
                        e.value("expect.system_identifier"), e.source());
                target = new Target(spec, expected, timeouts);
                LOG.info("[runbooks] {}: env={} target {}", id(), e.name(), spec.masked());
            }
            if (!e.isLocal() && rehearsing()) {
                target = rehearsalCopy(target, timeouts);
            }
            target.serializeRuns(id(), e.duration("run_lock.wait", java.time.Duration.ofMinutes(e.isLocal() ? 1 : 10)));
            if (e.value("confirm.required").map(Boolean::parseBoolean).orElse(false)) {
                target.requireConfirmation(config.apply("confirm"));
            }
            if (e.value("change.required").map(Boolean::parseBoolean).orElse(false)) {
                target.guardWrites(() -> change().isPresent() ? Optional.empty() : Optional.of("Refusing to write on " + e.name()
                        + ": name the change this run belongs to, -Dchange=<ticket> (e.g. -Dchange=CHG-1234)."));
            }
            if (e.value("promotion.required").map(Boolean::parseBoolean).orElse(false)) {
                target.guardWrites(this::promotionRefusal);
            }
        }
        return target;
    }

    /**
     * How this runbook reads its deploy's state off the target (its journal, or the catalog state each migration
     * leaves); called once, read-only, before the first {@link Deploys} step. Register it in the runbook's constructor.
     */
    public void readsDeployStateWith(java.util.function.Supplier<DeployState> probe) {
        this.stateProbe = probe;
    }

    /** The target's deploy state, read once per run (see {@link #readsDeployStateWith}). */
    public synchronized DeployState deployState() {
        if (state == null) {
            // The state is read only from the database this run is meant for: proved first, as before a write.
            target().verify();
            state = stateProbe.get();
            LOG.info("[runbooks] {}: deploy state on {}: {} -> a {} run", id(), target().spec().masked(), state, state.mode());
            report("run.mode", (rehearsed != null ? "rehearsal (a " + state.mode() + " run on a copy, " : state.mode() + " (")
                    + state.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        return state;
    }

    private boolean stateAttached;

    /** Attaches the deploy state to the step that runs first after it was read (it is read before the step starts). */
    synchronized void attachDeployStateOnce() {
        if (state != null && !stateAttached) {
            stateAttached = true;
            runbooks.kit.evidence.Evidence.text("deploy state of the target: a " + state.mode() + " run", state.toString());
        }
    }

    /** Deploy or verify: what {@link #deployState()} calls for. */
    public RunMode mode() {
        return deployState().mode();
    }

    /** The state, if it was read already (the report and the apply log say it). */
    Optional<DeployState> deployStateIfRead() {
        return Optional.ofNullable(state);
    }

    /** {@code -Drehearse=copy} (or the setting {@code rehearse=copy}): the whole runbook on a fresh copy of the target. */
    public boolean rehearsing() {
        return config.apply("rehearse").or(() -> setting("rehearse")).map(String::trim).filter("copy"::equals).isPresent();
    }

    private volatile RehearsalOnCopy rehearsed;

    /** The real target of a rehearsal; every write to it is refused. Empty when this run is no rehearsal. */
    public Optional<Target> rehearsedTarget() {
        return Optional.ofNullable(rehearsed).map(RehearsalOnCopy::real);
    }

    /** Copies the proved real target ({@link RehearsalOnCopy}) and returns the copy as the run's target. */
    private Target rehearsalCopy(Target real, Target.Timeouts timeouts) {
        rehearsed = RehearsalOnCopy.start(real, sql("kit/catalog_snapshot.sql"), sql("kit/content_checksums.sql"), this::rehearsalCluster,
                setting("pg.bin"), env().duration("backup.timeout", java.time.Duration.ofMinutes(30)));
        report("rehearsal", "on a copy: " + rehearsed.copy().how());
        LOG.info("[runbooks] {}: rehearsal on {} ({}); {} is only read", id(), rehearsed.copy().spec().masked(), rehearsed.copy().how(),
                real.spec().masked());
        return rehearsed.copyTarget(application(), timeouts);
    }

    /** After a rehearsal: whether the real target is as it was before, in the evidence, the report and the apply log. */
    private String rehearsalOutcome() {
        RehearsalOnCopy r = rehearsed;
        if (r == null) {
            return null;
        }
        String outcome = r.finish(evidence.dir(), target);
        report("rehearsal.target", outcome);
        return outcome + "; the rehearsal ran on " + r.copy().how();
    }

    /**
     * A team tool that writes to the target in place of the suite (its own {@code prisma migrate deploy}, {@code drizzle-kit
     * migrate}): refused unless the target is verified and every write guard passes, as the suite's own writes; run with
     * {@code sh -c} in the project folder with {@code DATABASE_URL} and the libpq variables ({@code PGHOST} ...) set to the
     * target, whose password is never shown (neither on the command line nor in the attached output).
     */
    public runbooks.kit.command.ConfiguredCommand.Outcome runTeamTool(String key, String command, java.time.Duration timeout) {
        target().beforeExternalWrite();
        ConnectionSpec spec = target().spec();
        Map<String, String> variables = new java.util.HashMap<>(Map.of("DATABASE_URL", spec.urlWithPassword(), "PGHOST", spec.host(),
                "PGPORT", String.valueOf(spec.port()), "PGDATABASE", spec.database(), "PGUSER", spec.user(), "PGAPPNAME", spec.application()));
        if (spec.password() != null && !spec.password().isEmpty()) {
            variables.put("PGPASSWORD", spec.password());
        }
        return runbooks.kit.evidence.Evidence.step("the team's own tool: " + command, () -> new runbooks.kit.command.ConfiguredCommand(key,
                command, timeout, basedir).withEnvironment(variables).run());
    }

    /** What a DBA sees in pg_stat_activity.application_name for this runbook's connections. */
    private String application() {
        return "runbooks/" + id() + "/" + env().name();
    }

    private static Target.Timeouts timeouts(Environment e) {
        return new Target.Timeouts(e.duration("check.statement_timeout", java.time.Duration.ofSeconds(60)),
                e.duration("write.statement_timeout", java.time.Duration.ofMinutes(10)), e.duration("lock_timeout", java.time.Duration.ofSeconds(5)));
    }

    private static Target localTarget(LocalCluster cluster, ConnectionSpec spec, Target.Timeouts timeouts) {
        return new Target(spec, new Expectation(Optional.empty(), Optional.empty(), Optional.of(spec.database()),
                Optional.of(cluster.systemIdentifier()), "the local database created for this runbook"), timeouts);
    }

    /** Templates of local pre-deploy states built in this JVM: key -> template database name. */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> TEMPLATE_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * On env=local: the runbook's database as {@code build} leaves it, built once per JVM and copied
     * ({@code CREATE DATABASE … TEMPLATE}) for every later run whose inputs are the same. The key is the
     * content of {@code inputs} (files or folders under {@code sql/}, a drill's overlay applied) and
     * {@code settings}, so a drill that changes what the stand-in is built from gets a template of its own.
     * A {@code .sql} file a drill's overlay adds to an input folder (a defect in the data, say) is held back
     * from the template: {@link #fixtureFiles} leaves it out while {@code build} runs, and {@code apply} runs
     * it on the copy afterwards, last, as it would have run last in name order; so every drill that only
     * adds such a file shares the one template.
     * Must come before the first use of {@link #target()}; elsewhere it simply runs {@code build}.
     */
    public void standIn(java.util.List<String> inputs, Map<String, String> settings, Runnable build,
            java.util.function.Consumer<String> apply) {
        if (!isLocal()) {
            build.run();
            return;
        }
        synchronized (this) {
            if (target != null) {
                throw new IllegalStateException("standIn must come before the runbook's first use of its target");
            }
        }
        StandInInputs sources = new StandInInputs(sqlFiles(), basedir.resolve("sql"), workDir().resolve("sql"), inputs);
        java.util.List<String> added = sources.addedByOverlay();
        String key = id() + ":" + sources.key(settings, added);
        LocalCluster cluster = LocalClusters.shared(env());
        synchronized (TEMPLATE_LOCKS.computeIfAbsent(key, k -> new Object())) {
            String template = TEMPLATES.get(key);
            if (template != null) {
                long started = System.nanoTime();
                ConnectionSpec spec = cluster.cloneDatabase(template, id()).withApplication(application());
                synchronized (this) {
                    target = localTarget(cluster, spec, timeouts(env()));
                    target.serializeRuns(id(), env().duration("run_lock.wait", java.time.Duration.ofMinutes(1)));
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                LOG.info("[runbooks] {}: pre-deploy state copied from template {} into {} in {} ms", id(), template, spec.database(), ms);
                runbooks.kit.evidence.Evidence.text("stand-in", "copied in " + ms + " ms from template " + template
                        + ", built earlier in this run from the same " + String.join(", ", inputs));
            } else {
                heldBack = java.util.Set.copyOf(added);
                try {
                    build.run();
                } finally {
                    heldBack = java.util.Set.of();
                }
                target().close();
                ConnectionSpec copy = cluster.cloneDatabase(target().spec().database(), id() + "_template");
                TEMPLATES.put(key, copy.database());
                LOG.info("[runbooks] {}: pre-deploy state kept as template {} for later runs", id(), copy.database());
            }
        }
        if (!added.isEmpty()) {
            target().verify();
        }
        for (String file : added) {
            LOG.info("[runbooks] {}: {} (added by this run's overlay) applied to the copy", id(), file);
            apply.accept(file);
        }
    }

    /** Files held back from the template being built (see {@link #standIn}); empty otherwise. */
    private volatile java.util.Set<String> heldBack = java.util.Set.of();

    /**
     * The {@code .sql} files directly in {@code sql/<dir>} (this run's overlay applied), as paths relative
     * to {@code sql/}, in name order: what a stand-in builds from. While {@link #standIn} builds a
     * template, the files the overlay adds are left out (they are run on the copy).
     */
    public java.util.List<String> fixtureFiles(String dir) {
        Path merged = sqlFiles().directory(dir, workDir().resolve("sql"));
        try (var files = Files.list(merged)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql")).sorted().map(f -> dir + "/" + f)
                    .filter(f -> !heldBack.contains(f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + merged, e);
        }
    }

    /**
     * Runs the fenced SQL of the document's section {@code section} ("3.5", "Step 6") as written, read-only, and asserts
     * its {@code -- Expected:} lines that a machine can check: {@link DocumentChecks}. {@code variables} give psql's
     * {@code :name} their values.
     */
    public void checkDocumentSql(String section, Map<String, String> variables) {
        DocumentChecks.run(this, runbookDocument(), section, variables);
    }

    public void checkDocumentSql(String section) {
        checkDocumentSql(section, Map.of());
    }

    private runbooks.kit.document.RunbookDocument documentRead;

    /** The runbook document ({@code runbooks.documents}, default {@code ../shared/runbooks}), checked against its pinned sha256. */
    public synchronized runbooks.kit.document.RunbookDocument runbookDocument() {
        if (documentRead == null) {
            documentRead = DocumentChecks.document(this, config.apply("runbooks.documents").map(Path::of)
                    .orElse(basedir.resolve("../shared/runbooks")).normalize(), runbook);
        }
        return documentRead;
    }

    /** The safety gate with the rehearsal, policy and server version this environment implies: {@link RunbookGate}. */
    public RunbookGate safetyGate() {
        return new RunbookGate(this);
    }

    /** The local cluster, on env=local (drills create decoy databases on it). */
    public Optional<LocalCluster> localCluster() {
        return isLocal() ? Optional.of(LocalClusters.shared(env())) : Optional.empty();
    }

    /**
     * The local cluster where migrations are rehearsed before they touch the target: the runbook's own
     * on env=local, and on other environments the one {@code environments/local.properties} describes.
     */
    public LocalCluster rehearsalCluster() {
        if (isLocal()) {
            return LocalClusters.shared(env());
        }
        Path dir = config.apply(ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
        return LocalClusters.shared(Environment.load(dir.resolve("local.properties").toFile().exists() ? dir : basedir.resolve("environments"),
                Environment.LOCAL, key -> Optional.empty()));
    }

    public SqlFiles sqlFiles() {
        return new SqlFiles(basedir.resolve("sql"), config.apply(SqlFiles.OVERLAY_PROPERTY).map(Path::of));
    }

    public SqlFile sql(String relative) {
        return sqlFiles().file(relative);
    }

    /** Runs every {@code .sql} file of {@code sql/<folder>} in name order with {@link #psql}. */
    public void psqlAll(String folder) {
        try (java.util.stream.Stream<Path> files = Files.list(sqlFiles().directory(folder, workDir().resolve("sql")))) {
            files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".sql")).sorted().forEach(f -> psql(folder + "/" + f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the one-batch backfill {@code sql/<relative>} again and again, each batch its own transaction, until a batch
     * updates nothing ({@code <id>.backfill.max_batches}, default 100000): {@link runbooks.kit.backfill.BatchedBackfill}.
     */
    public runbooks.kit.backfill.BatchedBackfill.Result backfillInBatches(String relative) {
        return runbooks.kit.backfill.BatchedBackfill.run(target(), sql(relative), Map.of(),
                setting("backfill.max_batches").map(Integer::parseInt).orElse(100_000));
    }

    /**
     * Runs {@code sql/<relative>} (overlays applied) on the target as {@code psql -v ON_ERROR_STOP=1 -f} does:
     * {@link Target#psql}. Returns the results of its statements that return rows, in order; the transcript is attached.
     */
    public java.util.List<runbooks.kit.data.Rows> psql(String relative) {
        return target().psql(sql(relative), Map.of());
    }

    /** A folder of this runbook's own under {@code target/runbooks/}, for manifests and merged files. */
    public Path workDir() {
        Path dir = config.apply(WORKDIR_PROPERTY).map(Path::of).orElse(basedir.resolve("target").resolve("runbooks").resolve(id()));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    /**
     * Configuration parameter: this run's evidence folder, used as given (a drill's, a test's); default a folder of its
     * own per run, {@code target/evidence/<env>/<id>/<run-id>/}, beside the runbook's {@code apply-log.md} (every run's
     * entry) and a {@code latest} link to the newest run. No run removes another's files.
     */
    public static final String EVIDENCE_PROPERTY = "runbooks.evidence";
    /** Configuration parameter: the runbook's folder that holds its runs' folders; default {@code target/evidence/<env>/<id>}. */
    public static final String EVIDENCE_ROOT_PROPERTY = "runbooks.evidence.root";
    private volatile runbooks.kit.evidence.EvidenceFolder evidence;
    private volatile String currentStep = "(before the first step)";
    private volatile boolean finished;
    private Thread interrupted;
    private final java.util.concurrent.locks.ReentrantLock finishing = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Whether the run's configuration loads (the environment file and its variables): a run that stops on a
     * configuration mistake before it starts creates no evidence folder and no apply-log entry.
     */
    boolean configured() {
        try {
            env();
            return true;
        } catch (runbooks.kit.env.ConfigurationException e) {
            return false;
        }
    }

    synchronized boolean hasEvidence() {
        return evidence != null;
    }

    void stepStarted(String displayName) {
        currentStep = displayName;
    }

    /** This run's evidence folder, opened on first use: a new folder, so no earlier run's files are touched. */
    synchronized runbooks.kit.evidence.EvidenceFolder evidence(String envName) {
        if (evidence == null) {
            Optional<Path> given = config.apply(EVIDENCE_PROPERTY).filter(d -> !d.isBlank()).map(Path::of);
            if (given.isPresent()) {
                evidence = runbooks.kit.evidence.EvidenceFolder.open(given.get(), given.get());
            } else {
                Path runbookDir = config.apply(EVIDENCE_ROOT_PROPERTY).filter(d -> !d.isBlank()).map(Path::of)
                        .orElse(basedir.resolve("target").resolve("evidence").resolve(envName).resolve(id()));
                evidence = runbooks.kit.evidence.EvidenceFolder.newRun(runbookDir, created);
            }
            // Ctrl-C or a kill during the run: the apply log says where it stopped and the sums cover what it wrote.
            interrupted = new Thread(() -> finishEvidence(envName, "INTERRUPTED at step '" + currentStep + "' (the JVM was stopped:"
                    + " Ctrl-C, SIGTERM or a timeout); re-run to continue from the target's state"), "runbooks-evidence-" + id());
            Runtime.getRuntime().addShutdownHook(interrupted);
        }
        return evidence;
    }

    /** This run's evidence folder ({@code target/evidence/<env>/<id>/<run-id>/}, or {@code runbooks.evidence}). */
    public runbooks.kit.evidence.EvidenceFolder evidenceFolder() {
        return evidence(env().name());
    }

    /**
     * After a deploy: the schema it left ({@code kit/catalog_snapshot.sql}), in this run's evidence and (on a target that
     * outlives the run) beside the runbook's runs, so that a later verification run of the same target can say what
     * changed since (an index dropped, a column changed, a privilege revoked): {@link DeployRecords}.
     */
    public void recordDeployedSchema(runbooks.kit.schema.SchemaSnapshot snapshot) {
        String json = DeployRecords.json(snapshot);
        evidenceFolder().artefact("deployed-schema.json", json);
        if (!isLocal()) {
            records().keepSchema(json); // a local database is the suite's own, dropped with the cluster: nobody verifies it again
        }
    }

    /**
     * The schema check every run makes: a deploy records the schema it left ({@link #recordDeployedSchema}); a
     * verification run compares the target with that record and fails naming each object changed since (where no
     * record is kept here, a fresh checkout, it says so and the runbook's own checks stand alone).
     */
    public void checkDeployedSchema(runbooks.kit.schema.SchemaSnapshot now) {
        if (mode() == RunMode.DEPLOY) {
            recordDeployedSchema(now);
            return;
        }
        DeployRecords records = records();
        Optional<java.util.List<String>> drift = records.driftSince(now);
        runbooks.kit.evidence.Evidence.text("schema since the deploy", drift.map(d -> d.isEmpty() ? "unchanged since the deploy ("
                + records.schemaRecord() + ")" : String.join("\n", d)).orElse("no record of this target's deploy in " + records.schemaRecord()
                .getParent() + " (it was deployed from another checkout): checked against the runbook's own expectations only"));
        drift.ifPresent(d -> org.assertj.core.api.Assertions.assertThat(d)
                .as("schema of %s against what its deploy left (%s): changed since the deploy", target().spec().masked(), records.schemaRecord())
                .isEmpty());
    }

    /** A fact of the deploy a later verification run needs (the newest row before the deploy, say): {@link DeployRecords}. */
    public void recordDeployFact(String key, String value) {
        records().keepFact(key, value);
    }

    /** A fact {@link #recordDeployFact recorded} by this target's deploy, where it ran from this checkout. */
    public Optional<String> deployFact(String key) {
        return records().fact(key);
    }

    private DeployRecords records() {
        return new DeployRecords(evidenceFolder().runbookDir(), target().spec().database());
    }

    /** Who runs this: {@code -Doperator=}, else the OS user. */
    public String operator() {
        return config.apply("operator").filter(o -> !o.isBlank()).orElse(System.getProperty("user.name", "unknown"));
    }

    /** The change this run belongs to ({@code -Dchange=CHG-1234}), if given. */
    public Optional<String> change() {
        return config.apply("change").map(String::trim).filter(c -> !c.isEmpty());
    }

    /** The runbook document ({@code runbooks.documents}, default {@code ../shared/runbooks}) and its sha256, for the report. */
    String documentFingerprint() {
        return SuiteProvenance.document(config.apply("runbooks.documents").map(Path::of).orElse(basedir.resolve("../shared/runbooks")).normalize(),
                document());
    }

    /** The record of this runbook's staging pass that production requires: {@link PromotionRecord}. */
    private PromotionRecord promotion() {
        return PromotionRecord.of(runbook, basedir, setting("migrations.dir"), type);
    }

    /** Where production looks for this runbook's staging record: {@code <id>.promotion.record}, default the last passing staging run's. */
    Path promotionRecord() {
        return setting("promotion.record").filter(r -> !r.isBlank()).map(Path::of).map(basedir::resolve)
                .orElse(basedir.resolve("target/evidence/staging").resolve(id()).resolve(PROMOTION_RECORD));
    }

    /** The record that allowed this run's writes (path and sha256), for the apply log and the report. */
    private volatile String promotedBy;

    /** Production writes only what passed on staging: this runbook, the same suite commit and the same files. */
    private Optional<String> promotionRefusal() {
        PromotionRecord.Verdict verdict = promotion().judge(promotionRecord(), env().name(), SuiteProvenance.commit(basedir));
        if (verdict.refusal().isEmpty()) {
            promotedBy = verdict.allowedBy();
            report("promotion", promotedBy);
        }
        return verdict.refusal();
    }

    /** The file a passing staging run leaves in its evidence folder, which production requires. */
    public static final String PROMOTION_RECORD = PromotionRecord.FILE;

    /** Ends the run's evidence: the promotion record of a passing staging run, the apply-log entry, SHA256SUMS. */
    void finishEvidence(String envName, String outcome) {
        if (evidence == null) {
            return;
        }
        // From the shutdown hook the main thread may hold the lock (a step cut off mid-write): wait a little, then write anyway.
        boolean locked = false;
        try {
            locked = finishing.tryLock(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (finished) {
                return;
            }
            finished = true;
            if (interrupted != null && Thread.currentThread() != interrupted) {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already exiting
                }
            }
            writeEvidenceEnd(envName, outcome);
        } finally {
            if (locked) {
                finishing.unlock();
            }
        }
    }

    private void writeEvidenceEnd(String envName, String outcome) {
        String rehearsal = rehearsalOutcome();
        boolean passed = outcome.startsWith("passed");
        if (passed && env != null && env.value("promotion.records").map(Boolean::parseBoolean).orElse(false)) {
            promotion().write(envName, SuiteProvenance.commit(basedir), evidence);
        }
        String target = this.target == null ? "(no target opened)" : this.target.verifiedIdentity().map(i -> i.masked()
                + ", system_identifier " + i.systemIdentifier() + ", server " + i.serverVersion()).orElse(this.target.spec().masked() + " (not verified)");
        String entry = "\n## " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + id() + " on " + envName + "\n\n"
                + "- Operator: " + operator() + "\n"
                + "- Change: " + change().orElse("(none given: -Dchange=CHG-1234)") + "\n"
                + "- Runbook: " + documentFingerprint() + "\n"
                + "- Target: " + target + "\n"
                + "- Suite: " + SuiteProvenance.suiteVersion(basedir) + "\n"
                + (promotedBy == null ? "" : "- Writes allowed by the staging record: " + promotedBy + "\n")
                + (rehearsal == null ? "" : "- Rehearsal: " + rehearsal + "\n")
                + "- Run mode: " + (rehearsal == null ? "" : "rehearsal on a copy, ") + deployStateIfRead().map(st -> st.mode() + " (" + st + ")").orElse("(the deploy state was not read)") + "\n"
                + "- Outcome: " + outcome + "\n"
                + "- Evidence: " + evidence.dir() + " (" + runbooks.kit.evidence.EvidenceFolder.SUMS + "; check with sha256sum -c)\n";
        evidence.finish(entry);
    }

    /** Adds a line to the report's environment widget, as {@code <id>.<key>}. */
    public void report(String key, String value) {
        reported.put(id() + "." + key, value);
    }

    /** Releases the target's reading session at the end of the runbook. */
    synchronized void close() {
        if (target != null) {
            target.close();
        }
    }

    /** Merges this runbook's lines into the report's environment.properties and adds the categories: {@link ReportEnvironment}. */
    void publishEnvironment() {
        Map<String, String> lines = new LinkedHashMap<>();
        if (env != null) {
            lines.put("env", env.name());
        }
        if (target != null) {
            target.verifiedIdentity().ifPresent(identity -> {
                lines.put(id() + ".target", identity.masked());
                lines.put(id() + ".server_version", identity.serverVersion());
                lines.put(id() + ".system_identifier", identity.systemIdentifier());
            });
        }
        lines.put("run.operator", operator());
        lines.put(id() + ".run", created + " .. " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        lines.put("run.change", change().orElse("(none given)"));
        lines.put("suite.commit", SuiteProvenance.suiteVersion(basedir));
        lines.put(id() + ".document", documentFingerprint());
        if (evidence != null) {
            lines.put(id() + ".evidence", evidence.dir().toString());
        }
        lines.putAll(reported);
        ReportEnvironment.publish(Path.of(config.apply(RESULTS_PROPERTY).orElse(basedir.resolve("target/allure-results").toString())), lines);
    }
}
