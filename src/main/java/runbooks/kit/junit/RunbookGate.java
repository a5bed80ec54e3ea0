package runbooks.kit.junit;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.GateReport;
import runbooks.kit.gate.Policy;
import runbooks.kit.gate.Rehearsal;
import runbooks.kit.gate.RehearsalClusters;
import runbooks.kit.gate.SafetyGate;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.sql.SqlFile;

/**
 * The safety gate as a runbook step uses it ({@link Deployment#gate()}): the rehearsal the environment
 * implies (on env=local the schema rebuilt from what the runbook names; elsewhere a {@code pg_dump --schema-only}
 * copy of the target, or rebuilt when pg_dump cannot), the policy ({@code gate.block}), the target's server version
 * and {@code gate.max_lock} read for it. {@link #judge} attaches the findings and returns the report; assert it with
 * {@code GateReportAssert.assertThat(report).hasNoBlockingFindings()}.
 */
public final class RunbookGate {

    private final RunConfiguration runbook;
    private final RunTarget target;
    private Supplier<ConnectionSpec> rebuild;
    private String how;
    private Rehearsal.Prepared prepared;
    private Set<String> allowOnly;
    private Predicate<String> allowOnlyFiles = f -> true;
    private boolean psql;

    RunbookGate(RunConfiguration runbook, RunTarget target) {
        this.runbook = runbook;
        this.target = target;
    }

    /** The schema before the pending migrations is the one {@code journal}'s applied migrations build. */
    public RunbookGate rehearsingMigrations(MigrationJournal journal) {
        List<String> applied = journal.appliedVersions();
        return rehearsing(
                () -> Rehearsal.at(cluster().cluster(), journal, applied),
                "the applied migrations replayed " + applied);
    }

    /** The schema before the pending migrations is the one {@code scripts} build, run in order ({@code what}: for the report). */
    public RunbookGate rehearsingScripts(List<SqlFile> scripts, String what) {
        return rehearsing(
                () -> Rehearsal.fromScripts(cluster().cluster(), scripts), "the scripts that built it (" + what + ")");
    }

    /** As {@link #rehearsingScripts}, the tables then emptied: the schema the scripts build, never their rows. */
    public RunbookGate rehearsingSchemaOf(List<SqlFile> scripts, String what) {
        return rehearsing(
                () -> Rehearsal.withoutRows(Rehearsal.fromScripts(cluster().cluster(), scripts)),
                "the schema (no rows) that " + what + " build");
    }

    /**
     * The schema before the pending migrations is what these {@code sql/} files and folders build, in order (a folder: its
     * {@code .sql} files in name order), as psql runs them; a drill's overlay applied.
     */
    public RunbookGate rehearsing(String... sqlPaths) {
        List<SqlFile> scripts = new java.util.ArrayList<>();
        for (String p : sqlPaths) {
            Path path = resolve(p);
            if (java.nio.file.Files.isDirectory(path)) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(path)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".sql"))
                            .sorted()
                            .forEach(f -> scripts.add(runbook.sql(p + "/" + f)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                scripts.add(runbook.sql(p));
            }
        }
        return rehearsingScripts(scripts, String.join(", ", sqlPaths));
    }

    /**
     * Judges {@code sql/} files ({@link #judge(String...)}) and fails the step when the report holds a finding its policy
     * blocks: what a runbook step does before it applies them.
     */
    public GateReport requirePass(String... sqlFiles) {
        GateReport report = judge(sqlFiles);
        runbooks.kit.gate.GateReportAssert.assertThat(report).hasNoBlockingFindings();
        return report;
    }

    /** {@link #judge(List)} of files under {@code sql/}, a drill's overlay applied. */
    public GateReport judge(String... sqlFiles) {
        return judge(java.util.Arrays.stream(sqlFiles).map(this::resolve).toList());
    }

    /** A path under {@code sql/} as this run sees it: in the folder merged with the drill's overlay, if there is one. */
    private Path resolve(String relative) {
        int slash = relative.lastIndexOf('/');
        Path dir = runbook.sqlFiles()
                .directory(
                        slash < 0 ? "" : relative.substring(0, slash),
                        runbook.workDir().resolve("sql"));
        Path path = slash < 0 ? dir.resolve(relative) : dir.resolve(relative.substring(slash + 1));
        return java.nio.file.Files.exists(path)
                ? path
                : runbook.basedir().resolve("sql").resolve(relative);
    }

    private RehearsalClusters.Choice cluster;

    /** The local cluster of the target's major version (or the nearest older one, said in the report). */
    private RehearsalClusters.Choice cluster() {
        if (cluster == null) {
            cluster = RehearsalClusters.forTarget(
                    runbook.rehearsalCluster(), target.get().serverVersionNum());
        }
        return cluster;
    }

    private RunbookGate rehearsing(Supplier<ConnectionSpec> rebuild, String how) {
        this.rebuild = rebuild;
        this.how = how;
        return this;
    }

    /** Only these kinds of change (as the event trigger tags them) in the files {@code files} accepts: {@link SafetyGate#allowingOnly}. */
    public RunbookGate allowingOnly(Set<String> kinds, Predicate<String> files) {
        this.allowOnly = kinds;
        this.allowOnlyFiles = files;
        return this;
    }

    /** The files are psql scripts (each statement its own transaction unless the file says BEGIN): {@link SafetyGate#appliedWithPsql}. */
    public RunbookGate appliedWithPsql() {
        this.psql = true;
        return this;
    }

    /** The policy this environment judges with ({@code gate.block}, default {@value Policy#DEFAULT}). */
    public Policy policy() {
        return Policy.parse(runbook.setting(Settings.GATE_BLOCK).orElse(Policy.DEFAULT));
    }

    /** Rehearses {@code files} statement by statement and reports; the rehearsal database is prepared once per gate. */
    public GateReport judge(List<Path> files) {
        if (rebuild == null) {
            throw new IllegalStateException(
                    "say how the gate's rehearsal is built: rehearsingMigrations(journal) or rehearsingScripts(files, what)");
        }
        if (prepared == null) {
            prepared = runbook.isLocal()
                    ? new Rehearsal.Prepared(rebuild.get(), how)
                    : Rehearsal.copyOrRebuild(cluster().cluster(), target.get().spec(), rebuild, how);
            Evidence.text(
                    "rehearsal database",
                    prepared.database().masked() + " (PostgreSQL "
                            + cluster().versionNum() / 10000 + "." + cluster().versionNum() % 10000
                            + "): schema from " + prepared.how()
                            + cluster().note().map(n -> "\n" + n).orElse(""));
        }
        SafetyGate gate = new SafetyGate(
                prepared.database(),
                target.get().serverVersionNum(),
                runbook.env().duration(Settings.GATE_MAX_LOCK, Settings.GATE_MAX_LOCK_DEFAULT));
        if (allowOnly != null) {
            gate = gate.allowingOnly(allowOnly, allowOnlyFiles);
        }
        if (psql) {
            gate = gate.appliedWithPsql();
        }
        SafetyGate judging = gate;
        String names = files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
        GateReport report = Evidence.step(
                "Safety gate: " + names + " rehearsed statement by statement on a copy of the target's schema",
                () -> new GateReport(
                        files,
                        judging.inspect(files),
                        policy(),
                        cluster().note().map(List::of).orElse(List.of())));
        Evidence.text("safety gate findings", report.toText());
        Evidence.json("safety gate findings", report.toJson());
        return report;
    }
}
