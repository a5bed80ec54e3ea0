package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.backfill.BatchedBackfill;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.data.Rows;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.database.Target;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.env.Environment;
import runbooks.kit.env.Secrets;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.schema.SchemaSnapshot;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * Everything a runbook's steps share: the environment, the target database, the {@code sql/} files, the document, the
 * evidence and a work folder under {@code target/}. The environment and the target are opened on first use, so a
 * configuration mistake fails the first step with one sentence instead of the whole class. The parts live beside it:
 * {@link TargetFactory}, {@link StandIns}, {@link RunEvidence}, {@link Promotion}, {@link DeployRecords},
 * {@link DocumentChecks}, {@link RunbookGate}, {@link ReportEnvironment}.
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
    /** Configuration parameter: the folder of the runbook documents; default {@code ../shared/runbooks}. */
    public static final String DOCUMENTS_PROPERTY = "runbooks.documents";
    /**
     * Configuration parameter: this run's evidence folder, used as given (a drill's, a test's); default a folder of its
     * own per run, {@code target/evidence/<env>/<id>/<run-id>/}, beside the runbook's {@code apply-log.md} (every run's
     * entry) and a {@code latest} link to the newest run. No run removes another's files.
     */
    public static final String EVIDENCE_PROPERTY = "runbooks.evidence";
    /** Configuration parameter: the runbook's folder that holds its runs' folders; default {@code target/evidence/<env>/<id>}. */
    public static final String EVIDENCE_ROOT_PROPERTY = "runbooks.evidence.root";
    /** The file a passing staging run leaves in its evidence folder, which production requires. */
    public static final String PROMOTION_RECORD = PromotionRecord.FILE;

    private static final Logger LOG = LoggerFactory.getLogger(RunbookContext.class);

    private final Runbook runbook;
    /** The runbook's class, when run by JUnit: its source is part of what a promotion record covers. */
    private final Class<?> type;

    private final Function<String, Optional<String>> config;
    private final Path basedir;
    private final Map<String, String> reported = new LinkedHashMap<>();
    private final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final RunEvidence evidence = new RunEvidence(this);
    private final Promotion promotion = new Promotion(this);
    private final StandIns standIns = new StandIns(this);
    private Environment env;
    private Target target;
    private Supplier<DeployState> stateProbe =
            () -> DeployState.notStarted("this runbook reads no deploy state from its target: every run deploys");
    private volatile DeployState state;
    private boolean stateAttached;
    private volatile RehearsalOnCopy rehearsed;
    private RunbookDocument document;

    RunbookContext(Runbook runbook, Function<String, Optional<String>> config) {
        this(runbook, config, null);
    }

    RunbookContext(Runbook runbook, Function<String, Optional<String>> config, Class<?> type) {
        this.runbook = runbook;
        this.type = type;
        this.config = config;
        this.basedir = Path.of(config.apply(BASEDIR_PROPERTY).orElse("."))
                .toAbsolutePath()
                .normalize();
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
            String name = config.apply(Environment.ENV_PROPERTY)
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .orElse(Environment.DEFAULT_ENV);
            Path dir = config.apply(ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
            Function<String, Optional<String>> fallback = Environment.defaultVariables(basedir, name);
            env = Environment.load(
                    dir,
                    name,
                    key -> config.apply(key).or(() -> Secrets.get(key)).or(() -> fallback.apply(key)));
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

    /** The database this runbook deploys to ({@link TargetFactory}); on env=local a fresh one, created on first use. */
    public synchronized Target target() {
        if (target == null) {
            target = TargetFactory.open(this);
        }
        return target;
    }

    /**
     * How this runbook reads its deploy's state off the target (its journal, or the catalog state each migration
     * leaves); called once, read-only, before the first {@link Deploys} step. Register it in the runbook's constructor.
     */
    public void readsDeployStateWith(Supplier<DeployState> probe) {
        this.stateProbe = probe;
    }

    /** The target's deploy state, read once per run (see {@link #readsDeployStateWith}), from the proved target. */
    public synchronized DeployState deployState() {
        if (state == null) {
            target().verify();
            state = stateProbe.get();
            LOG.info(
                    "[runbooks] {}: deploy state on {}: {} -> a {} run",
                    id(),
                    target().spec().masked(),
                    state,
                    state.mode());
            report(
                    "run.mode",
                    (rehearsed != null ? "rehearsal (a " + state.mode() + " run on a copy, " : state.mode() + " (")
                            + state.kind()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' ') + ")");
        }
        return state;
    }

    /** Deploy or verify: what {@link #deployState()} calls for. */
    public RunMode mode() {
        return deployState().mode();
    }

    /** {@code -Drehearse=copy} (or the setting {@code rehearse=copy}): the whole runbook on a fresh copy of the target. */
    public boolean rehearsing() {
        return config.apply("rehearse")
                .or(() -> setting("rehearse"))
                .map(String::trim)
                .filter("copy"::equals)
                .isPresent();
    }

    /** The real target of a rehearsal; every write to it is refused. Empty when this run is no rehearsal. */
    public Optional<Target> rehearsedTarget() {
        return Optional.ofNullable(rehearsed).map(RehearsalOnCopy::real);
    }

    /**
     * A team tool that writes to the target in place of the suite (its own {@code prisma migrate deploy}, {@code drizzle-kit
     * migrate}): refused unless the target is verified and every write guard passes, as the suite's own writes; run with
     * {@code sh -c} in the project folder with {@code DATABASE_URL} and the libpq variables ({@code PGHOST} ...) set to the
     * target, whose password is never shown (neither on the command line nor in the attached output).
     */
    public ConfiguredCommand.Outcome runTeamTool(String key, String command, Duration timeout) {
        target().beforeExternalWrite();
        ConnectionSpec spec = target().spec();
        Map<String, String> variables = new java.util.HashMap<>(Map.of(
                "DATABASE_URL",
                spec.urlWithPassword(),
                "PGHOST",
                spec.host(),
                "PGPORT",
                String.valueOf(spec.port()),
                "PGDATABASE",
                spec.database(),
                "PGUSER",
                spec.user(),
                "PGAPPNAME",
                spec.application()));
        if (spec.password() != null && !spec.password().isEmpty()) {
            variables.put("PGPASSWORD", spec.password());
        }
        return Evidence.step(
                "the team's own tool: " + command,
                () -> new ConfiguredCommand(key, command, timeout, basedir)
                        .withEnvironment(variables)
                        .run());
    }

    /**
     * On env=local: the runbook's database as {@code build} leaves it, built once per JVM and copied ({@code CREATE DATABASE
     * ... TEMPLATE}) for every later run whose inputs (files or folders under {@code sql/}, a drill's overlay applied) and
     * {@code settings} are the same. A {@code .sql} file a drill's overlay adds to an input folder is held back from the
     * template ({@link #fixtureFiles} leaves it out while {@code build} runs) and run on the copy by {@code apply}, last.
     * Must come before the first use of {@link #target()}; elsewhere it simply runs {@code build}.
     */
    public void standIn(List<String> inputs, Map<String, String> settings, Runnable build, Consumer<String> apply) {
        if (isLocal()) {
            standIns.standIn(inputs, settings, build, apply);
        } else {
            build.run();
        }
    }

    /** The {@code .sql} files directly in {@code sql/<dir>} (overlay applied), relative to {@code sql/}, in name order. */
    public List<String> fixtureFiles(String dir) {
        return standIns.fixtureFiles(dir);
    }

    /**
     * Runs the fenced SQL of the document's section {@code section} ("3.5", "Step 6") as written, read-only, and asserts
     * its {@code -- Expected:} lines that a machine can check ({@link DocumentChecks}); {@code variables} give psql's
     * {@code :name} their values.
     */
    public void checkDocumentSql(String section, Map<String, String> variables) {
        DocumentChecks.run(this, runbookDocument(), section, variables);
    }

    public void checkDocumentSql(String section) {
        checkDocumentSql(section, Map.of());
    }

    /** The runbook document ({@value #DOCUMENTS_PROPERTY}, default {@code ../shared/runbooks}), checked against its pinned sha256. */
    public synchronized RunbookDocument runbookDocument() {
        if (document == null) {
            document = DocumentChecks.document(this, documents(), runbook);
        }
        return document;
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
     * The local cluster where migrations are rehearsed before they touch the target: the runbook's own on env=local, and
     * on other environments the one {@code environments/local.properties} describes.
     */
    public LocalCluster rehearsalCluster() {
        if (isLocal()) {
            return LocalClusters.shared(env());
        }
        Path dir = config.apply(ENVIRONMENTS_PROPERTY).map(Path::of).orElse(basedir.resolve("environments"));
        return LocalClusters.shared(Environment.load(
                dir.resolve("local.properties").toFile().exists() ? dir : basedir.resolve("environments"),
                Environment.LOCAL,
                key -> Optional.empty()));
    }

    public SqlFiles sqlFiles() {
        return new SqlFiles(
                basedir.resolve("sql"), config.apply(SqlFiles.OVERLAY_PROPERTY).map(Path::of));
    }

    public SqlFile sql(String relative) {
        return sqlFiles().file(relative);
    }

    /** Runs {@code sql/<relative>} (overlays applied) as {@code psql -v ON_ERROR_STOP=1 -f} does ({@link Target#psql}); the results of its queries. */
    public List<Rows> psql(String relative) {
        return target().psql(sql(relative), Map.of());
    }

    /** Runs every {@code .sql} file of {@code sql/<folder>} in name order with {@link #psql}. */
    public void psqlAll(String folder) {
        try (Stream<Path> files =
                Files.list(sqlFiles().directory(folder, workDir().resolve("sql")))) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".sql"))
                    .sorted()
                    .forEach(f -> psql(folder + "/" + f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-batch backfill {@code sql/<relative>} until a batch updates nothing ({@code backfill.max_batches}, default 100000). */
    public BatchedBackfill.Result backfillInBatches(String relative) {
        return BatchedBackfill.run(
                target(),
                sql(relative),
                Map.of(),
                setting("backfill.max_batches").map(Integer::parseInt).orElse(100_000));
    }

    /** A folder of this runbook's own under {@code target/runbooks/}, for manifests and merged files. */
    public Path workDir() {
        Path dir = config.apply(WORKDIR_PROPERTY)
                .map(Path::of)
                .orElse(basedir.resolve("target").resolve("runbooks").resolve(id()));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    /** This run's evidence folder ({@code target/evidence/<env>/<id>/<run-id>/}, or {@value #EVIDENCE_PROPERTY}): {@link RunEvidence}. */
    public EvidenceFolder evidenceFolder() {
        return evidence.open(env().name());
    }

    /** After a deploy: the schema it left, kept for later verification runs of the same target ({@link DeployRecords}). */
    public void recordDeployedSchema(SchemaSnapshot snapshot) {
        DeployRecords.recordDeployed(this, snapshot);
    }

    /** A deploy records the schema it left; a verification run fails naming each object changed since ({@link DeployRecords}). */
    public void checkDeployedSchema(SchemaSnapshot now) {
        DeployRecords.checkDeployed(this, now);
    }

    /** A fact of the deploy a later verification run needs (the newest row before the deploy, say): {@link DeployRecords}. */
    public void recordDeployFact(String key, String value) {
        DeployRecords.of(this).keepFact(key, value);
    }

    /** A fact {@link #recordDeployFact recorded} by this target's deploy, where it ran from this checkout. */
    public Optional<String> deployFact(String key) {
        return DeployRecords.of(this).fact(key);
    }

    /** Who runs this: {@code -Doperator=}, else the OS user. */
    public String operator() {
        return config.apply("operator").filter(o -> !o.isBlank()).orElse(System.getProperty("user.name", "unknown"));
    }

    /** The change this run belongs to ({@code -Dchange=CHG-1234}), if given. */
    public Optional<String> change() {
        return config.apply("change").map(String::trim).filter(c -> !c.isEmpty());
    }

    /** Adds a line to the report's environment widget, as {@code <id>.<key>}. */
    public void report(String key, String value) {
        reported.put(id() + "." + key, value);
    }

    // What the parts beside this class share with it (package-private).

    Optional<String> config(String key) {
        return config.apply(key);
    }

    Runbook annotation() {
        return runbook;
    }

    Class<?> type() {
        return type;
    }

    Instant created() {
        return created;
    }

    synchronized Optional<Environment> envIfLoaded() {
        return Optional.ofNullable(env);
    }

    synchronized Target targetIfOpened() {
        return target;
    }

    /** The stand-in's copy becomes the run's target ({@link StandIns}). */
    synchronized void adoptTarget(Target copy) {
        if (target != null) {
            throw new IllegalStateException("standIn must come before the runbook's first use of its target");
        }
        target = copy;
    }

    Promotion promotion() {
        return promotion;
    }

    Path documents() {
        return config.apply(DOCUMENTS_PROPERTY)
                .map(Path::of)
                .orElse(basedir.resolve("../shared/runbooks"))
                .normalize();
    }

    /** The runbook document and its sha256 (or where it was looked for), for the report and the apply log. */
    String documentFingerprint() {
        return SuiteProvenance.document(documents(), document());
    }

    /** Where production looks for this runbook's staging record: {@code <id>.promotion.record}, default the last passing staging run's. */
    Path promotionRecord() {
        return promotion.recordFile();
    }

    Optional<DeployState> deployStateIfRead() {
        return Optional.ofNullable(state);
    }

    /** Attaches the deploy state to the step that runs first after it was read (it is read before the step starts). */
    synchronized void attachDeployStateOnce() {
        if (state != null && !stateAttached) {
            stateAttached = true;
            Evidence.text("deploy state of the target: a " + state.mode() + " run", state.toString());
        }
    }

    /** Copies the proved real target ({@link RehearsalOnCopy}) and returns the copy as the run's target. */
    Target rehearsalCopy(Target real, Target.Timeouts timeouts) {
        rehearsed = RehearsalOnCopy.start(
                real,
                sql("kit/catalog_snapshot.sql"),
                sql("kit/content_checksums.sql"),
                this::rehearsalCluster,
                setting("pg.bin"),
                env().duration("backup.timeout", Duration.ofMinutes(30)));
        report("rehearsal", "on a copy: " + rehearsed.copy().how());
        LOG.info(
                "[runbooks] {}: rehearsal on {} ({}); {} is only read",
                id(),
                rehearsed.copy().spec().masked(),
                rehearsed.copy().how(),
                real.spec().masked());
        return rehearsed.copyTarget(TargetFactory.application(this), timeouts);
    }

    /** After a rehearsal: whether the real target is as it was before, in the evidence, the report and the apply log. */
    String rehearsalOutcome(Path evidenceDir) {
        RehearsalOnCopy r = rehearsed;
        if (r == null) {
            return null;
        }
        String outcome = r.finish(evidenceDir, target);
        report("rehearsal.target", outcome);
        return outcome + "; the rehearsal ran on " + r.copy().how();
    }

    /** Whether the run's configuration loads: a run that stops on a configuration mistake creates no evidence folder. */
    boolean configured() {
        try {
            env();
            return true;
        } catch (ConfigurationException e) {
            return false;
        }
    }

    boolean hasEvidence() {
        return evidence.exists();
    }

    Optional<EvidenceFolder> evidenceIfOpen() {
        return evidence.ifOpen();
    }

    void stepStarted(String displayName) {
        evidence.stepStarted(displayName);
    }

    synchronized EvidenceFolder evidence(String envName) {
        return evidence.open(envName);
    }

    /** Ends the run's evidence: the promotion record of a passing staging run, the apply-log entry, SHA256SUMS. */
    void finishEvidence(String envName, String outcome) {
        evidence.finish(envName, outcome);
    }

    /** Releases the target's reading session at the end of the runbook. */
    synchronized void close() {
        if (target != null) {
            target.close();
        }
    }

    /** Merges this runbook's lines into the report's environment.properties: {@link ReportEnvironment}. */
    void publishEnvironment() {
        ReportEnvironment.publish(this, reported);
    }
}
