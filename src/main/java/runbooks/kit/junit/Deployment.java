package runbooks.kit.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.env.Environment;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.migration.FlywayConfiguration;
import runbooks.kit.migration.FlywayMigrations;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.schema.SchemaSnapshot;

/**
 * The deploy side of a run ({@link RunbookContext#deploy()}): how the target's deploy state is read and what it calls
 * for (deploy or verify), the team's migrations applied, the safety gate, and what a deploy leaves for a later
 * verification (its schema, its facts) or for the report.
 */
public final class Deployment {

    private final RunConfiguration configuration;
    private final RunTarget target;
    private final DeployStateReading state;
    private final RunEvidence evidence;
    private final AtomicReference<RehearsalOnCopy> rehearsed;
    private final StandIns standIns;
    private final BiConsumer<String, String> report;

    Deployment(
            RunConfiguration configuration,
            RunTarget target,
            DeployStateReading state,
            RunEvidence evidence,
            AtomicReference<RehearsalOnCopy> rehearsed,
            StandIns standIns,
            BiConsumer<String, String> report) {
        this.configuration = configuration;
        this.target = target;
        this.state = state;
        this.evidence = evidence;
        this.rehearsed = rehearsed;
        this.standIns = standIns;
        this.report = report;
    }

    /**
     * The state the deploy starts from on env=local: the runbook's pre-deploy stand-in, built once per JVM and copied
     * for every later run ({@link StandIns}).
     */
    public StandIns standIn() {
        return standIns;
    }

    /**
     * How this runbook reads its deploy's state off the target (its journal, or the catalog state each migration
     * leaves); called once, read-only, before the first {@link Deploys} step. Register it in the runbook's constructor.
     */
    public void readsStateWith(Supplier<DeployState> probe) {
        state.probe(probe);
    }

    /**
     * The deploy state by the catalog query {@code sql/<relative>} (psql files keep no journal): one row, its
     * {@code state} {@code complete}, {@code continuing}, {@code not started} or {@code partial}, its {@code evidence}
     * the report's sentence (for a partial state: what is there, and what to do).
     */
    public void readsStateFrom(String relative) {
        readsStateWith(() -> {
            Rows found = target.get().query(configuration.sql(relative), Map.of());
            String sentence = found.single("evidence");
            return switch (found.single("state")) {
                case "complete" -> DeployState.complete(sentence);
                case "continuing" -> DeployState.continuing(sentence);
                case "not started" -> DeployState.notStarted(sentence);
                default -> DeployState.partial(sentence);
            };
        });
    }

    /** The target's deploy state, read once per run (see {@link #readsStateWith}), from the proved target. */
    public DeployState state() {
        return state.read(rehearsed.get() != null);
    }

    /** Deploy or verify: what {@link #state()} calls for. */
    public RunMode mode() {
        return state().mode();
    }

    /** The real target of a rehearsal; every write to it is refused. Empty when this run is no rehearsal. */
    public Optional<Target> rehearsedTarget() {
        return Optional.ofNullable(rehearsed.get()).map(RehearsalOnCopy::real);
    }

    /**
     * Applies what {@code journal} has pending: with the team's own command where the setting {@code commandKey}
     * ({@code <id>.<key>}) holds one ({@link TeamTool}, a failed check when it fails), else as the tool applies and
     * records it. Returns how many migrations were applied, counted off the journal.
     */
    public int applyPending(MigrationJournal journal, String commandKey, Duration timeout) {
        Optional<String> command = configuration.setting(commandKey).filter(c -> !c.isBlank());
        if (command.isEmpty()) {
            return Evidence.step(
                    journal.tool() + ": the pending migrations applied and recorded as the tool does",
                    journal::migrate);
        }
        String key = configuration.id() + "." + commandKey;
        int pendingBefore = journal.pendingVersions().size();
        TeamTool.run(target.get(), configuration.basedir(), key, command.get(), timeout)
                .requireSuccess(command.get() + " (" + key + ")");
        return pendingBefore - journal.pendingVersions().size();
    }

    /**
     * The runbook's Flyway migrations, run by Flyway itself ({@link FlywayMigrations}): the folder {@code sql/<folder>}
     * (a drill's overlay applied), or the team's checkout named by {@code <id>.migrations.dir}; the team's configuration
     * from {@code confFile} under {@code sql/} (their {@code flyway.conf}; the setting
     * {@value FlywayConfiguration#CONF_FILES_KEY} names theirs instead, comma-separated, relative to the project
     * folder), then the environment's {@code flyway.*} keys, then its {@code <id>.flyway.*} keys.
     */
    public FlywayMigrations flyway(String folder, String confFile) {
        Path basedir = configuration.basedir();
        Path dir = configuration
                .setting(Settings.MIGRATIONS_DIR)
                .filter(d -> !d.isBlank())
                .map(Path::of)
                .orElseGet(() -> configuration
                        .sqlFiles()
                        .directory(folder, configuration.workDir().resolve("sql")));
        FlywayConfiguration conf = FlywayConfiguration.defaults();
        List<Path> confFiles = configuration
                .setting(FlywayConfiguration.CONF_FILES_KEY)
                .map(files -> Arrays.stream(files.split(","))
                        .map(String::strip)
                        .filter(f -> !f.isEmpty())
                        .map(basedir::resolve)
                        .toList())
                .orElseGet(() -> confFile == null
                        ? List.of()
                        : List.of(basedir.resolve("sql").resolve(confFile)));
        for (Path f : confFiles) {
            conf = conf.withConfFile(f);
        }
        Environment env = configuration.env();
        String id = configuration.id();
        String perRunbook = id + ".flyway.";
        Map<String, String> shared = new TreeMap<>();
        Map<String, String> own = new TreeMap<>();
        for (String key : env.asWritten().keySet()) {
            if (key.startsWith("flyway.")) {
                env.value(key).ifPresent(v -> shared.put(key, v));
            } else if (key.startsWith(perRunbook)) {
                env.value(key).ifPresent(v -> own.put(key.substring(id.length() + 1), v));
            }
        }
        conf = conf.with(shared, env.source()).with(own, env.source() + " (" + perRunbook + "*)");
        return new FlywayMigrations(target.get(), dir, conf);
    }

    /** The safety gate with the rehearsal, policy and server version this environment implies: {@link RunbookGate}. */
    public RunbookGate gate() {
        return new RunbookGate(configuration, target);
    }

    /**
     * The catalog snapshot of the target now ({@code sql/kit/catalog_snapshot.sql}): tables, columns, indexes, functions,
     * and the security surface (row-level security, policies, owners, privileges, default privileges).
     */
    public SchemaSnapshot schemaSnapshot() {
        return SchemaSnapshot.take(target.get(), configuration.sql("kit/catalog_snapshot.sql"));
    }

    /** After a rollback: the schema and every table's rows as the deploy found them (env=local; {@link DeployStateReading}). */
    public void checkRolledBack() {
        state.checkRolledBack();
    }

    /** A deploy records the schema it left; a verification run fails naming each object changed since ({@link DeployRecords}). */
    public void checkDeployedSchema() {
        SchemaSnapshot now = schemaSnapshot();
        DeployRecords.checkDeployed(mode(), evidence(), target.get(), configuration.isLocal(), now);
    }

    /** A fact of the deploy a later verification run needs (the newest row before the deploy, say): {@link DeployRecords}. */
    public void recordFact(String key, String value) {
        DeployRecords.of(evidence(), target.get()).keepFact(key, value);
    }

    /** A fact {@link #recordFact recorded} by this target's deploy, where it ran from this checkout. */
    public Optional<String> fact(String key) {
        return DeployRecords.of(evidence(), target.get()).fact(key);
    }

    private EvidenceFolder evidence() {
        return evidence.open(configuration.env().name());
    }

    /** Adds a line to the report's environment widget, as {@code <id>.<key>}. */
    public void report(String key, String value) {
        report.accept(key, value);
    }
}
