package runbooks.kit.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import runbooks.kit.backup.PgClient;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.data.Rows;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Target;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.env.Environment;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.schema.SchemaSnapshot;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.SqlFiles;

/**
 * Everything a runbook's steps share: the environment, the target database, the {@code sql/} files, the document, the
 * evidence and a work folder under {@code target/}, opened on first use (a configuration mistake fails the first step
 * with one sentence). It reads the keys of {@link Settings}; its parts live beside it ({@link RunConfiguration},
 * {@link TargetFactory}, {@link StandIns}, {@link RunEvidence}, {@link DeployRecords}, {@link PinnedDocument}...).
 */
public final class RunbookContext {

    private final Runbook runbook;

    private final RunConfiguration configuration;
    private final Map<String, String> reported = new LinkedHashMap<>();
    /** The rehearsal on a copy this run makes ({@link TargetFactory} starts it), if any. */
    private final AtomicReference<RehearsalOnCopy> rehearsed = new AtomicReference<>();

    private final Promotion promotion;
    private final RunTarget target;
    private final DeployStateReading state;
    private final RunEvidence evidence;
    private final StandIns standIns;
    private final PinnedDocument documents;

    RunbookContext(Runbook runbook, Function<String, Optional<String>> config, Class<?> type) {
        this(runbook, config, type, env -> Map.of());
    }

    /** {@code defaults}: per environment, the keys a runbook's own folder gives when the environment file does not. */
    RunbookContext(
            Runbook runbook,
            Function<String, Optional<String>> config,
            Class<?> type,
            Function<String, Map<String, String>> defaults) {
        this.runbook = runbook;
        this.configuration = new RunConfiguration(runbook.id(), config, defaults);
        DeclaredRunbook declared =
                new DeclaredRunbook(runbook.id(), runbook.document(), List.of(runbook.sql()), runbook.documentSha256());
        this.promotion = new Promotion(configuration, declared.sql(), type, this::report);
        this.target = new RunTarget(() -> TargetFactory.open(configuration, promotion, rehearsed, this::report));
        this.state = new DeployStateReading(configuration, target, this::report);
        this.evidence =
                new RunEvidence(configuration, declared.document(), target, promotion, state, rehearsed, this::report);
        this.standIns = new StandIns(configuration, target);
        this.documents = new PinnedDocument(configuration, declared);
    }

    /** For tools outside JUnit (the stand-in preparation): configuration from system properties. */
    public static RunbookContext fromSystemProperties(Runbook runbook) {
        return new RunbookContext(runbook, key -> Optional.ofNullable(System.getProperty(key)), null);
    }

    /** For tools and tests outside a JUnit run of the runbook (preparing a stand-in): configuration from {@code configuration}. */
    public static RunbookContext withConfiguration(Runbook runbook, Map<String, String> configuration) {
        Map<String, String> copy = Map.copyOf(configuration);
        return new RunbookContext(runbook, key -> Optional.ofNullable(copy.get(key)), null);
    }

    public String id() {
        return runbook.id();
    }

    public Path basedir() {
        return configuration.basedir();
    }

    public Environment env() {
        return configuration.env();
    }

    public boolean isLocal() {
        return configuration.isLocal();
    }

    /** A per-runbook setting: {@code <id>.<key>} in the environment file, else {@code <key>} ({@link Settings}). */
    public Optional<String> setting(String key) {
        return configuration.setting(key);
    }

    /** The database this runbook deploys to ({@link TargetFactory}); on env=local a fresh one, created on first use. */
    public Target target() {
        return target.get();
    }

    /**
     * How this runbook reads its deploy's state off the target (its journal, or the catalog state each migration
     * leaves); called once, read-only, before the first {@link Deploys} step. Register it in the runbook's constructor.
     */
    public void readsDeployStateWith(Supplier<DeployState> probe) {
        state.probe(probe);
    }

    /**
     * The deploy state by the catalog query {@code sql/<relative>} (psql files keep no journal): one row, its
     * {@code state} {@code complete}, {@code continuing}, {@code not started} or {@code partial}, its {@code evidence}
     * the report's sentence (for a partial state: what is there, and what to do).
     */
    public void readsDeployStateFrom(String relative) {
        readsDeployStateWith(() -> {
            Rows found = query(relative);
            String evidence = found.single("evidence");
            return switch (found.single("state")) {
                case "complete" -> DeployState.complete(evidence);
                case "continuing" -> DeployState.continuing(evidence);
                case "not started" -> DeployState.notStarted(evidence);
                default -> DeployState.partial(evidence);
            };
        });
    }

    /** The target's deploy state, read once per run (see {@link #readsDeployStateWith}), from the proved target. */
    public DeployState deployState() {
        return state.read(rehearsed.get() != null);
    }

    /** Deploy or verify: what {@link #deployState()} calls for. */
    public RunMode mode() {
        return deployState().mode();
    }

    /** {@code -Drehearse=copy} (or the setting {@code rehearse=copy}): the whole runbook on a fresh copy of the target. */
    boolean rehearsing() {
        return configuration.rehearsing();
    }

    /** The real target of a rehearsal; every write to it is refused. Empty when this run is no rehearsal. */
    public Optional<Target> rehearsedTarget() {
        return Optional.ofNullable(rehearsed.get()).map(RehearsalOnCopy::real);
    }

    /**
     * The team's command in the setting {@code commandKey} ({@code <id>.<key>}: a restart, a smoke run), to run in the
     * project folder within the duration setting {@code timeoutKey} (else {@code timeoutDefault}); absent when unset or
     * blank, for the step to skip saying which setting it needs.
     */
    public Optional<ConfiguredCommand> configuredCommand(
            String commandKey, String timeoutKey, Duration timeoutDefault) {
        return setting(commandKey)
                .filter(c -> !c.isBlank())
                .map(c -> new ConfiguredCommand(
                        id() + "." + commandKey, c, env().duration(timeoutKey, timeoutDefault), basedir()));
    }

    /**
     * Applies what {@code journal} has pending: with the team's own command where the setting {@code commandKey}
     * ({@code <id>.<key>}) holds one ({@link TeamTool}, a failed check when it fails), else as the tool applies and records it. Returns how many
     * migrations were applied, counted off the journal.
     */
    public int applyPending(MigrationJournal journal, String commandKey, Duration timeout) {
        Optional<String> command = setting(commandKey).filter(c -> !c.isBlank());
        if (command.isEmpty()) {
            return Evidence.step(
                    journal.tool() + ": the pending migrations applied and recorded as the tool does",
                    journal::migrate);
        }
        String key = id() + "." + commandKey;
        int pendingBefore = journal.pendingVersions().size();
        TeamTool.run(target(), basedir(), key, command.get(), timeout).requireSuccess(command.get() + " (" + key + ")");
        return pendingBefore - journal.pendingVersions().size();
    }

    /** The runbook's pre-deploy stand-in, built once per JVM on env=local and copied for every later run: {@link StandIns}. */
    public StandIns standIn() {
        return standIns;
    }

    /**
     * Runs the document's section {@code number} ("2", "5.1", as a document runbook numbers it) through psql,
     * read-only, and asserts every expectation it writes in a form a machine reads (psql's pasted output, values, row
     * counts, comparisons, JSON): {@link SectionChecks}. The others are attached for a person, never passed.
     */
    public void checkDocumentSection(String number) {
        DocumentSections.Section section = SectionChecks.section(runbookDocument(), number);
        SectionChecks.check(target(), psql(), workDir(), "§" + section.name(), section, Map.of());
    }

    /** A {@code .sql} file of checks under {@code sql/}, its {@code -- Expected} lines asserted as a section's are. */
    public void checkSql(String relative) {
        checkSql(relative, Map.of());
    }

    /** {@link #checkSql(String)} with psql variables: {@code variables} give the file's {@code :name} their values. */
    public void checkSql(String relative, Map<String, String> variables) {
        SectionChecks.check(target(), psql(), workDir(), relative, SectionChecks.file(sql(relative)), variables);
    }

    /** psql of the target's major version or newer ({@link PgClient}, {@value Settings#PG_BIN} where set). */
    private Path psql() {
        return PgClient.find(setting(Settings.PG_BIN).filter(s -> !s.isBlank()), target().serverVersionNum() / 10000)
                .psql();
    }

    /** The runbook document ({@value Settings#DOCUMENTS_PROPERTY}), checked against its pinned sha256. */
    RunbookDocument runbookDocument() {
        return documents.document();
    }

    /** The safety gate with the rehearsal, policy and server version this environment implies: {@link RunbookGate}. */
    public RunbookGate safetyGate() {
        return new RunbookGate(configuration, target);
    }

    /**
     * The local cluster where migrations are rehearsed before they touch the target: the runbook's own on env=local, and
     * on other environments the one {@code environments/local.properties} describes.
     */
    public LocalCluster rehearsalCluster() {
        return configuration.rehearsalCluster();
    }

    public SqlFiles sqlFiles() {
        return configuration.sqlFiles();
    }

    public SqlFile sql(String relative) {
        return configuration.sql(relative);
    }

    /** A check: {@code sql/<relative>} read-only with the check timeout and {@code settings}, its SQL and rows attached. */
    public Rows query(String relative, Map<String, String> settings) {
        return target().query(sql(relative), settings);
    }

    public Rows query(String relative) {
        return query(relative, Map.of());
    }

    /** Runs {@code sql/<relative>} as {@code psql -v ON_ERROR_STOP=1 -f} does ({@link Target#psql}) on the proved target. */
    public List<Rows> psql(String relative) {
        target().verify();
        return target().psql(sql(relative), Map.of());
    }

    /** Runs every {@code .sql} file of {@code sql/<folder>} (overlay applied) in name order with {@link #psql}. */
    public void psqlAll(String folder) {
        sqlFiles().filesIn(folder, workDir().resolve("sql")).forEach(this::psql);
    }

    /** A folder of this runbook's own under {@code target/runbooks/}, for manifests and merged files. */
    public Path workDir() {
        return configuration.workDir();
    }

    /** This run's evidence folder ({@code target/evidence/<env>/<id>/<run-id>/}, or {@value Settings#EVIDENCE_PROPERTY}): {@link RunEvidence}. */
    public EvidenceFolder evidenceFolder() {
        return evidence.open(env().name());
    }

    /**
     * The catalog snapshot of the target now ({@code sql/kit/catalog_snapshot.sql}): tables, columns, indexes, functions,
     * and the security surface (row-level security, policies, owners, privileges, default privileges).
     */
    public SchemaSnapshot schemaSnapshot() {
        return SchemaSnapshot.take(target(), sql("kit/catalog_snapshot.sql"));
    }

    /** After a rollback: the schema and every table's rows as the deploy found them (env=local; {@link DeployStateReading}). */
    public void checkRolledBack() {
        state.checkRolledBack();
    }

    /** A deploy records the schema it left; a verification run fails naming each object changed since ({@link DeployRecords}). */
    public void checkDeployedSchema() {
        SchemaSnapshot now = schemaSnapshot();
        DeployRecords.checkDeployed(mode(), evidenceFolder(), target(), isLocal(), now);
    }

    /** A fact of the deploy a later verification run needs (the newest row before the deploy, say): {@link DeployRecords}. */
    public void recordDeployFact(String key, String value) {
        DeployRecords.of(evidenceFolder(), target()).keepFact(key, value);
    }

    /** A fact {@link #recordDeployFact recorded} by this target's deploy, where it ran from this checkout. */
    public Optional<String> deployFact(String key) {
        return DeployRecords.of(evidenceFolder(), target()).fact(key);
    }

    /**
     * The runbook's Flyway migrations, run by Flyway itself ({@link runbooks.kit.migration.FlywayMigrations}): the folder
     * {@code sql/<folder>} (a drill's overlay applied), or the team's checkout named by {@code <id>.migrations.dir}; the
     * team's configuration from {@code confFile} under {@code sql/} (their {@code flyway.conf}; the setting
     * {@value runbooks.kit.migration.FlywayConfiguration#CONF_FILES_KEY} names theirs instead, comma-separated, relative to
     * the project folder), then the environment's {@code flyway.*} keys, then its {@code <id>.flyway.*} keys.
     */
    public runbooks.kit.migration.FlywayMigrations flywayMigrations(String folder, String confFile) {
        Path dir = setting(Settings.MIGRATIONS_DIR)
                .filter(d -> !d.isBlank())
                .map(Path::of)
                .orElseGet(() -> sqlFiles().directory(folder, workDir().resolve("sql")));
        runbooks.kit.migration.FlywayConfiguration conf = runbooks.kit.migration.FlywayConfiguration.defaults();
        List<Path> confFiles = setting(runbooks.kit.migration.FlywayConfiguration.CONF_FILES_KEY)
                .map(files -> java.util.Arrays.stream(files.split(","))
                        .map(String::strip)
                        .filter(f -> !f.isEmpty())
                        .map(f -> basedir().resolve(f))
                        .toList())
                .orElseGet(() -> confFile == null
                        ? List.of()
                        : List.of(basedir().resolve("sql").resolve(confFile)));
        for (Path f : confFiles) {
            conf = conf.withConfFile(f);
        }
        String perRunbook = id() + ".flyway.";
        Map<String, String> shared = new java.util.TreeMap<>();
        Map<String, String> own = new java.util.TreeMap<>();
        for (String key : env().asWritten().keySet()) {
            if (key.startsWith("flyway.")) {
                env().value(key).ifPresent(v -> shared.put(key, v));
            } else if (key.startsWith(perRunbook)) {
                env().value(key).ifPresent(v -> own.put(key.substring(id().length() + 1), v));
            }
        }
        conf = conf.with(shared, env().source()).with(own, env().source() + " (" + perRunbook + "*)");
        return new runbooks.kit.migration.FlywayMigrations(target(), dir, conf);
    }

    /** Who runs this: {@code -Doperator=}, else the OS user. */
    public String operator() {
        return configuration.operator();
    }

    /** The change this run belongs to ({@code -Dchange=CHG-1234}), if given. */
    public Optional<String> change() {
        return configuration.change();
    }

    /** Adds a line to the report's environment widget, as {@code <id>.<key>}. */
    public void report(String key, String value) {
        reported.put(id() + "." + key, value);
    }

    RunConfiguration configuration() {
        return configuration;
    }

    Runbook annotation() {
        return runbook;
    }

    Target targetIfOpened() {
        return target.ifOpened();
    }

    RunEvidence runEvidence() {
        return evidence;
    }

    DeployStateReading deployStateReading() {
        return state;
    }

    /** Merges this runbook's lines into the report's environment.properties: {@link ReportEnvironment}. */
    void publishEnvironment() {
        ReportEnvironment.publish(configuration, runbook.document(), target.ifOpened(), evidence.ifOpen(), reported);
    }
}
