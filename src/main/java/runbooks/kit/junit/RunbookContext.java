package runbooks.kit.junit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import runbooks.kit.backup.PgClient;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Target;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.evidence.EvidenceFolder;
import runbooks.kit.sql.SqlFile;

/**
 * Everything a runbook's steps share: the environment, the target database, the {@code sql/} files, the document, the
 * evidence and a work folder under {@code target/}, opened on first use (a configuration mistake fails the first step
 * with one sentence). It reads the keys of {@link Settings}. Twelve methods (an architecture rule holds them there): what
 * a step runs is here, the rest in its two facets, {@link #config()} ({@link RunConfiguration}) and {@link #deploy()}
 * ({@link Deployment}); its other parts live beside it ({@link TargetFactory}, {@link RunEvidence}, {@link PinnedDocument}...).
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
    private final PinnedDocument documents;
    private final Deployment deployment;

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
        this.deployment = new Deployment(
                configuration, target, state, evidence, rehearsed, new StandIns(configuration, target), this::report);
        this.documents = new PinnedDocument(configuration, declared);
    }

    /**
     * For tools and tests outside a JUnit run of the runbook (preparing a stand-in): its configuration read from
     * {@code lookup} ({@code System::getProperty}, or a map's {@code get}), {@code null} for a key not given.
     */
    public static RunbookContext of(Runbook runbook, UnaryOperator<String> lookup) {
        return new RunbookContext(runbook, key -> Optional.ofNullable(lookup.apply(key)), null);
    }

    /** What this run was told and where its files are: the environment, the runbook's settings, {@code sql/}, the work folder. */
    public RunConfiguration config() {
        return configuration;
    }

    /** The database this runbook deploys to ({@link TargetFactory}); on env=local a fresh one, created on first use. */
    public Target target() {
        return target.get();
    }

    /** The file {@code sql/<relative>}, a drill's overlay applied. */
    public SqlFile sql(String relative) {
        return configuration.sql(relative);
    }

    /** A check: {@code sql/<relative>} read-only with the check timeout, its SQL and rows attached ({@link Target#query}). */
    public Rows query(String relative) {
        return query(relative, Map.of());
    }

    /** {@link #query(String)} with {@code settings} ({@code runbook.*} custom settings the file reads with current_setting). */
    public Rows query(String relative, Map<String, String> settings) {
        return target().query(sql(relative), settings);
    }

    /** Runs {@code sql/<relative>} as {@code psql -v ON_ERROR_STOP=1 -f} does ({@link Target#psql}) on the proved target. */
    public List<Rows> psql(String relative) {
        return target().verify().psql(sql(relative), Map.of());
    }

    /** A {@code .sql} file of checks under {@code sql/}, its {@code -- Expected} lines asserted as a section's are. */
    public void checkSql(String relative) {
        checkSql(relative, Map.of());
    }

    /** {@link #checkSql(String)} with psql variables: {@code variables} give the file's {@code :name} their values. */
    public void checkSql(String relative, Map<String, String> variables) {
        SectionChecks.check(
                target(), psql(), configuration.workDir(), relative, SectionChecks.file(sql(relative)), variables);
    }

    /**
     * Runs the document's section {@code number} ("2", "5.1", as a document runbook numbers it) through psql,
     * read-only, and asserts every expectation it writes in a form a machine reads (psql's pasted output, values, row
     * counts, comparisons, JSON): {@link SectionChecks}. The others are attached for a person, never passed.
     */
    public void checkDocumentSection(String number) {
        DocumentSections.Section section = SectionChecks.section(runbookDocument(), number);
        SectionChecks.check(target(), psql(), configuration.workDir(), "§" + section.name(), section, Map.of());
    }

    /** The deploy: its state and mode, the team's migrations, the safety gate, the facts it keeps: {@link Deployment}. */
    public Deployment deploy() {
        return deployment;
    }

    /** This run's evidence folder ({@code target/evidence/<env>/<id>/<run-id>/}, or {@value Settings#EVIDENCE_PROPERTY}): {@link RunEvidence}. */
    public EvidenceFolder evidence() {
        return evidence.open(configuration.env().name());
    }

    /** {@code -Drehearse=copy} (or the setting {@code rehearse=copy}): the whole runbook on a fresh copy of the target. */
    boolean rehearsing() {
        return configuration.rehearsing();
    }

    /** psql of the target's major version or newer ({@link PgClient}, {@value Settings#PG_BIN} where set). */
    private Path psql() {
        return PgClient.find(
                        configuration.setting(Settings.PG_BIN).filter(s -> !s.isBlank()),
                        target().serverVersionNum() / 10000)
                .psql();
    }

    /** The runbook document ({@value Settings#DOCUMENTS_PROPERTY}), checked against its pinned sha256. */
    RunbookDocument runbookDocument() {
        return documents.document();
    }

    private void report(String key, String value) {
        reported.put(configuration.id() + "." + key, value);
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
