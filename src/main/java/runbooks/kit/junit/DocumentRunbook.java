package runbooks.kit.junit;

import io.qameta.allure.Allure;
import io.qameta.allure.util.ResultsUtils;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import runbooks.kit.backup.PgClient;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.database.VerifiedTarget;
import runbooks.kit.document.Declaration;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.document.DocumentSections.Section;
import runbooks.kit.document.PsqlOutput;
import runbooks.kit.document.PsqlSession;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.gate.GateReport;
import runbooks.kit.gate.GateReportAssert;
import runbooks.kit.migration.DrizzleMigrations;
import runbooks.kit.migration.MigrationJournal;
import runbooks.kit.migration.PrismaMigrations;

/**
 * A runbook that is its document: {@code sql/<id>/runbook.md} beside {@code sql/<id>/runbook.yaml}
 * ({@link Declaration}), run section by section as one ordered suite. A section that writes is a deploy step (run
 * once, skipped on a verification run with the evidence that it was done); a section of checks runs read-only with the
 * check timeout; a section that writes then checks runs its checks again on a verification run. The deploy state is
 * read from the document's own checks: the pre-checks hold, deploy; each writing section's checks say whether it was
 * applied, so a run continues part-way; all hold, verify; anything else stops before any write, naming what holds.
 */
final class DocumentRunbook {

    private final String id;
    private final RunbookContext run;
    private final Declaration declaration;
    private final List<Section> sections;
    private String firstFailure;
    private boolean prepared;
    /** Write sections found applied when the deploy state was read (a continuing run skips them). */
    private final List<String> applied = new ArrayList<>();
    /**
     * Applied write sections whose checks did not hold when the state was read, a later section's did: the document's
     * intermediate states (a constraint added NOT VALID, validated later), or a target that drifted.
     */
    private final List<String> superseded = new ArrayList<>();
    /** The deploy fact naming, per section, the checks its own deploy saw no longer hold once every section had run. */
    private static final String INTERMEDIATE = "intermediate checks of §";
    /** The files of commands, as psql sends them ({@link #sent}). */
    private final Map<DocumentSections.Unit, String> sent = new java.util.HashMap<>();
    /** Whether this run wrote (so it records, once all sections ran, which checks its later sections changed). */
    private boolean wrote;
    /** psql variables: the declaration's, then those the document's sessions set or recorded, carried section to section. */
    private final Map<String, String> variables = new LinkedHashMap<>();

    DocumentRunbook(String id, Function<String, Optional<String>> config) {
        this.id = id;
        Path folder = RunConfiguration.basedir(config).resolve("sql").resolve(id);
        this.declaration = Declaration.read(folder.resolve(Declaration.FILE));
        this.run = new RunbookContext(
                new Identity(id, folder.resolve(declaration.documentFile()).toString()),
                config,
                null,
                env -> declaration.environmentKeys(id, env));
        this.sections = DocumentSections.read(declaration.corrected(file(declaration.documentFile())), this::file);
        declaration.requireSectionsOf(sections);
        run.deploy().readsStateWith(this::readDeployState);
        variables.putAll(declaration.bindings());
    }

    /** A file of the runbook's folder ({@code sql/<id>/<relative>}), a drill's overlay applied. */
    private String file(String relative) {
        return run.sql(id + "/" + relative.replaceFirst("^\\./", "")).text();
    }

    DynamicContainer tests() {
        List<DynamicTest> steps = new ArrayList<>();
        for (Section section : sections) {
            if (section.units().isEmpty()
                    && section.forPerson().isEmpty()
                    && section.defects().isEmpty()) {
                continue; // prose only ("Purpose"): nothing to run, so no step that could never fail
            }
            if (!section.units().isEmpty() || !section.defects().isEmpty()) {
                steps.add(DynamicTest.dynamicTest(section.name(), () -> step(section)));
            } // else a person's section alone ("Announce in #db-changes"): no step of the suite's that would pass
            if (!section.forPerson().isEmpty()) {
                steps.add(DynamicTest.dynamicTest(section.name() + ": for a person", () -> forPerson(section)));
            }
        }
        return DynamicContainer.dynamicContainer(id, steps.stream().onClose(this::finish));
    }

    private void step(Section section) {
        if (firstFailure != null) {
            throw new TestAbortedException(
                    "Not run: step '" + firstFailure + "' failed, and a runbook stops at its first failing step.");
        }
        Allure.getLifecycle().updateTestCase(t -> {
            t.getLabels().removeIf(l -> l.getName().equals("suite"));
            t.getLabels().add(ResultsUtils.createSuiteLabel(id));
        });
        String env = run.config().env().name();
        run.runEvidence().open(env).beginStep(section.name());
        run.runEvidence().stepStarted(section.name());
        try {
            prepare();
            body(section);
            if (wrote && section == lastDeploySection()) {
                recordIntermediates();
            }
            declaration.defect(section).ifPresent(defect -> {
                Evidence.text("runbook document defect", defect);
                throw RunbookDefect.found("§" + section.number() + ": " + defect);
            });
        } catch (TestAbortedException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            firstFailure = section.name();
            throw e;
        } finally {
            String files = run.runEvidence().open(env).endStep();
            if (!files.isEmpty()) {
                Evidence.text("evidence files of this step (sha256sum)", files);
            }
        }
    }

    private void forPerson(Section section) {
        String list = String.join("\n", section.forPerson());
        Evidence.text("checks for a person", list);
        throw new TestAbortedException("For a person (the suite cannot check this, so it does not pass it): "
                + String.join("; ", section.forPerson()));
    }

    /** On env=local, the state the document starts from (its stand-in); then the deploy state, read once. */
    private void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        String standIn = id + "/" + declaration.standInFolder();
        if (run.config().isLocal()) {
            // Only a local database is built to the state the document starts from; a living target is read as it is.
            run.deploy()
                    .standIn()
                    .build(
                            List.of(standIn),
                            Map.of(),
                            () -> {
                                // The schema the team's tool built up to the document's start, then the stand-in's
                                // rows.
                                if (declaration.standInApplied() != null) {
                                    run.target().verify();
                                    journal().migrateTo(declaration.standInApplied());
                                }
                                run.deploy().standIn().fixtureFiles(standIn).forEach(run::psql);
                            },
                            run::psql);
        }
        run.deploy().state();
    }

    private void body(Section section) {
        DeployState state = run.deploy().state();
        if (state.kind() == DeployState.Kind.PARTIAL) {
            // Neither before the deploy nor after it: stopped before any write or check, with the state it is in.
            throw new PartialDeployException(state.evidence());
        }
        if (declaration.isRollback(section)) {
            if (!run.config().isLocal()) {
                throw new TestAbortedException(
                        "Not run on env=" + run.config().env().name()
                                + ": the rollback is rehearsed on env=local, where the suite compares it with the state"
                                + " before the deploy.");
            }
            execute(section, false);
            defects(section);
            run.deploy().checkRolledBack();
            return;
        }
        int first = firstWrite();
        boolean before = sections.indexOf(section) < first;
        if (!declaration.writes(section)) {
            if (before && state.kind() != DeployState.Kind.NOT_STARTED) {
                throw new TestAbortedException("The state before the deploy, which this target is past ("
                        + state.evidence() + "): not checked again.");
            }
            execute(section, true);
            return;
        }
        boolean done = state.isComplete() || applied.contains(section.number());
        if (!done) {
            VerifiedTarget verified = run.target().verify();
            gate(section);
            verified.beforeExternalWrite();
            wrote = true;
            execute(section, false);
            defects(section);
        } else if (section.hasChecks()) {
            Evidence.text(
                    "not applied again",
                    "Already applied on this target (" + state.evidence()
                            + "): its writes are left out; its checks run read-only.");
            verifyApplied(section);
        } else {
            throw new TestAbortedException("Already applied on this target (" + state.evidence()
                    + "); this section writes, so it is not run again.");
        }
    }

    /**
     * The checks of a section applied before, read-only. A check that does not hold fails the step, unless a later
     * section changed what it checks: this target's deploy recorded it so (a deploy fact), or, where this checkout has
     * no record of the deploy, a later section's checks hold. Such a check is not passed: it is named as the document's
     * intermediate state, and a step left with no check that holds is not passed either.
     */
    private void verifyApplied(Section section) {
        List<String> problems = problems(section, true, true);
        if (problems.isEmpty()) {
            return;
        }
        if (!superseded.contains(section.number())) {
            throw failure(section, problems);
        }
        Optional<String> recorded = run.deploy().fact(INTERMEDIATE + section.number());
        List<String> drifted = problems.stream()
                .filter(p ->
                        recorded.isPresent() && !recorded.get().lines().toList().contains(key(p)))
                .toList();
        if (!drifted.isEmpty()) {
            throw failure(section, drifted);
        }
        String why = recorded.isPresent()
                ? "this target's deploy recorded that a later section changes what they check"
                : "a later section's checks hold, and this checkout has no record of this target's deploy";
        Evidence.text(
                "intermediate states of the document",
                "Not holding now, as the document's own later sections leave them (" + why + "):\n- "
                        + String.join("\n- ", problems));
        long checks = section.units().stream()
                .flatMap(u -> u.chunks().stream())
                .filter(DocumentSections.Chunk::isCheck)
                .count();
        if (problems.size() >= checks) {
            throw new TestAbortedException("Not checked again: every check of §" + section.number()
                    + " is of a state the document's later sections change (" + why + ").");
        }
    }

    /** Once every section of a deploy ran: the checks of its writing sections that no longer hold, kept for later runs. */
    private void recordIntermediates() {
        List<Section> writing = sections.stream()
                .filter(s -> declaration.writes(s) && !declaration.isRollback(s) && s.hasChecks())
                .toList();
        for (Section s : writing) {
            List<String> problems = Evidence.quietly(() -> problems(s, true, false, new LinkedHashMap<>(variables)));
            run.deploy()
                    .recordFact(
                            INTERMEDIATE + s.number(),
                            String.join(
                                    "\n",
                                    problems.stream().map(DocumentRunbook::key).toList()));
        }
    }

    /** What a problem is about: the command or statement it names, without what was found. */
    private static String key(String problem) {
        return problem.lines().findFirst().orElse("").replaceFirst(" failed: .*$", "");
    }

    private static AssertionFailedError failure(Section section, List<String> problems) {
        return new AssertionFailedError(
                "§" + section.number() + " " + section.title() + ":\n- " + String.join("\n- ", problems));
    }

    /** A command the document names that its tool does not have: the rest of the section ran; this part cannot. */
    private static void defects(Section section) {
        if (!section.defects().isEmpty()) {
            Evidence.text("runbook document defect", String.join("\n", section.defects()));
            throw RunbookDefect.found(String.join("; ", section.defects()));
        }
    }

    /**
     * The safety gate on every file the section applies, before it writes: rehearsed on the schema of the state the
     * document starts from, never its rows (on env=local its stand-in's schema, the tables emptied; elsewhere a schema
     * copy of the target) with the files before it applied.
     */
    private void gate(Section section) {
        for (DocumentSections.Unit unit : section.units()) {
            if (unit.file() == null) {
                continue;
            }
            List<runbooks.kit.sql.SqlFile> before = new ArrayList<>();
            if (run.config().isLocal()) {
                run.deploy()
                        .standIn()
                        .fixtureFiles(id + "/" + declaration.standInFolder())
                        .forEach(f -> before.add(run.sql(f)));
            }
            sections.stream()
                    .takeWhile(s -> s != section)
                    .filter(s -> declaration.writes(s) && !declaration.isRollback(s))
                    .flatMap(s -> s.units().stream())
                    .filter(u -> u.file() != null)
                    .forEach(u -> before.add(new runbooks.kit.sql.SqlFile(u.file(), sent(u))));
            RunbookGate gate = run.deploy()
                    .gate()
                    .rehearsingSchemaOf(before, "the stand-in and the files the document applies before " + unit.file())
                    .appliedWithPsql();
            if (PsqlSession.refersToVariables(unit.chunks().get(0).sql())) {
                // psql replaces its variables before the server sees a statement: the gate judges what psql sends.
                Path file = run.config().workDir().resolve("gate").resolve(unit.file());
                try {
                    java.nio.file.Files.createDirectories(file.getParent());
                    java.nio.file.Files.writeString(file, sent(unit));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Evidence.sql(unit.file() + " as psql sends it", sent(unit));
                GateReportAssert.assertThat(gate.judge(List.of(file))).hasNoBlockingFindings();
            } else {
                gate.requirePass(id + "/" + unit.file());
            }
        }
    }

    /**
     * A file a command applies, as psql sends it: its psql variables ({@code -v lo=1}, {@code \\set}, the
     * declaration's) replaced by psql itself on a throwaway database of the local cluster, where nothing of it is applied.
     */
    private String sent(DocumentSections.Unit unit) {
        String text = unit.chunks().get(0).sql();
        if (!PsqlSession.refersToVariables(text)) {
            return text;
        }
        return sent.computeIfAbsent(unit, u -> {
            LocalCluster cluster = run.config().rehearsalCluster();
            ConnectionSpec scratch = cluster.createDatabase("interpolate");
            try {
                return "-- " + u.file() + " as psql sends it (`" + u.source() + "`)\n"
                        + PsqlSession.interpolated(
                                client().psql(),
                                scratch,
                                text,
                                variables,
                                u.options(),
                                run.config().workDir().resolve("psql"));
            } finally {
                cluster.dropDatabase(scratch.database());
            }
        });
    }

    /** Runs the section's psql sessions; on a check run, only those with checks, read-only. Fails naming each mismatch. */
    private void execute(Section section, boolean readOnly) {
        List<String> problems = problems(section, readOnly, true);
        if (!problems.isEmpty()) {
            throw failure(section, problems);
        }
    }

    private List<String> problems(Section section, boolean readOnly, boolean attach) {
        return problems(section, readOnly, attach, variables);
    }

    private List<String> problems(Section section, boolean readOnly, boolean attach, Map<String, String> variables) {
        List<String> problems = new ArrayList<>();
        for (DocumentSections.Unit unit : section.units()) {
            if (unit.tool() != null) {
                problems.addAll(tool(unit, readOnly, attach));
                if (!readOnly && !problems.isEmpty()) {
                    break;
                }
                continue;
            }
            if (readOnly
                    && declaration.writes(section)
                    && unit.chunks().stream().noneMatch(DocumentSections.Chunk::isCheck)) {
                continue; // the writes of a section applied before: left out of a check run
            }
            PsqlSession.Run result = PsqlSession.run(
                    client(),
                    unit,
                    readOnly,
                    variables,
                    settings(readOnly),
                    limit(readOnly, unit),
                    run.config().workDir().resolve("psql"));
            variables.putAll(result.variables());
            if (attach) {
                Evidence.sql(
                        unit.source(),
                        unit.chunks().stream().map(DocumentSections.Chunk::sql).reduce("", String::concat));
                Evidence.text("psql output", transcript(result));
            }
            for (int i = 0; i < unit.chunks().size(); i++) {
                DocumentSections.Chunk chunk = unit.chunks().get(i);
                if (i >= result.outputs().size()) {
                    if (!readOnly) {
                        problems.add("psql stopped before " + first(chunk.sql()) + " (exit " + result.exit() + "): "
                                + result.stderr());
                    }
                    break;
                }
                PsqlOutput out = result.outputs().get(i);
                List<PsqlOutput.Error> failures = readOnly ? out.failures() : out.errors();
                if (readOnly && !declaration.writes(section)) {
                    // A section read as checks wrote after all (a function with side effects): the server refused it.
                    out.errors().stream()
                            .filter(PsqlOutput.Error::isReadOnlyRefusal)
                            .findFirst()
                            .ifPresent(e -> problems.add(where(unit, chunk) + " writes (the read-only check session"
                                    + " refused it: " + e + "); declare it in " + id + "/" + Declaration.FILE
                                    + ": sections: { \"" + section.number() + "\": { writes: true } }"));
                }
                if (!failures.isEmpty() && (chunk.isCheck() || !readOnly || !chunk.writes())) {
                    problems.add(where(unit, chunk) + " failed: " + failures.get(0));
                    if (!readOnly) {
                        break;
                    }
                    continue;
                }
                if (chunk.record()) {
                    out.last().filter(r -> r.rows().size() == 1).ifPresent(r -> {
                        for (int c = 0; c < r.header().size(); c++) {
                            variables.put(r.header().get(c), r.rows().get(0).get(c));
                        }
                    });
                }
                if (chunk.check() != null && (chunk.isCheck() || !readOnly)) {
                    chunk.check()
                            .resolved(variables)
                            .mismatch(out)
                            .ifPresent(m -> problems.add(where(unit, chunk) + "\n  expected (document): "
                                    + chunk.check().text() + "\n  actual (database): " + m));
                }
            }
            if (!readOnly && result.exit() != 0 && problems.isEmpty()) {
                problems.add(unit.source() + ": psql exited " + result.exit() + ": " + result.stderr());
            }
            if (!readOnly && !problems.isEmpty()) {
                break;
            }
        }
        return problems;
    }

    /** The team's tool through its journal: its status (read), or its migrate (gated first), as the document runs it. */
    private List<String> tool(DocumentSections.Unit unit, boolean readOnly, boolean attach) {
        MigrationJournal journal = journal();
        if (!unit.tool().tool().equals(declaration.tool())) {
            throw new IllegalStateException("The document runs `" + unit.source() + "`, but " + id + "/"
                    + Declaration.FILE + " says the team's tool is " + declaration.tool()
                    + ": set `tool: " + unit.tool().tool() + "` and `migrations: <folder>` there.");
        }
        List<String> problems = new ArrayList<>(journal.problems());
        if (attach) {
            Evidence.text(journal.tool() + " status", journal.status());
        }
        if (!problems.isEmpty() || !unit.tool().writes()) {
            return problems;
        }
        if (readOnly) {
            List<String> pending = journal.pendingVersions();
            return pending.isEmpty()
                    ? List.of()
                    : List.of(journal.tool() + " has pending migrations: " + String.join(", ", pending));
        }
        GateReport report = run.deploy().gate().rehearsingMigrations(journal).judge(journal.pendingFiles());
        GateReportAssert.assertThat(report).hasNoBlockingFindings();
        run.target().verify().beforeExternalWrite();
        int applied = journal.migrate();
        Evidence.text(journal.tool() + " after migrate", applied + " applied\n" + journal.status());
        return List.of();
    }

    /** The team's migration tool on the proved target, over {@code sql/<id>/<migrations>} (a drill's overlay applied). */
    private MigrationJournal journal() {
        if (declaration.tool() == null || declaration.migrations() == null) {
            throw new IllegalStateException("The document runs its team's migration tool, but " + id + "/"
                    + Declaration.FILE + " does not name it: add `tool: prisma|drizzle|flyway` and"
                    + " `migrations: <folder in sql/" + id + "/>`.");
        }
        Path folder = run.config()
                .sqlFiles()
                .directory(
                        id + "/" + declaration.migrations(),
                        run.config().workDir().resolve("sql"));
        Target target = run.target();
        return switch (declaration.tool()) {
            case "prisma" -> new PrismaMigrations(target, folder);
            case "drizzle" -> new DrizzleMigrations(target, folder);
            case "flyway" ->
                run.deploy()
                        .flyway(
                                id + "/" + declaration.migrations(),
                                java.nio.file.Files.isRegularFile(
                                                run.config().basedir().resolve("sql/" + id + "/flyway.conf"))
                                        ? id + "/flyway.conf"
                                        : null);
            default ->
                throw new IllegalStateException(id + "/" + Declaration.FILE + ": tool `" + declaration.tool()
                        + "` is not one the kit runs (prisma, drizzle, flyway); leave it out to run the document's psql"
                        + " commands only.");
        };
    }

    private static String transcript(PsqlSession.Run result) {
        StringBuilder b = new StringBuilder();
        result.outputs().forEach(o -> b.append(o.transcript()).append("\n---\n"));
        return b.append("exit ").append(result.exit()).toString();
    }

    /** Where a problem is: the command that ran a file, else the group's first statement. */
    private static String where(DocumentSections.Unit unit, DocumentSections.Chunk chunk) {
        return unit.file() != null ? "`" + unit.source() + "`" : first(chunk.sql());
    }

    /** The statement whose output is checked: the group's last query ({@code SET ROLE …; SELECT …}), else its first line. */
    private static String first(String sql) {
        List<String> code = sql.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("--") && !l.startsWith("\\"))
                .toList();
        return code.stream()
                .filter(l -> l.matches("(?i)^(select|with|table|values|show|explain)\\b.*"))
                .reduce((a, b) -> b)
                .or(() -> code.stream().findFirst())
                .map(l -> "`" + (l.length() > 90 ? l.substring(0, 90) + "…" : l) + "`")
                .orElse("the statements");
    }

    private PsqlSession.Client client() {
        Target target = run.target();
        int major = target.serverVersionNum() / 10000;
        PgClient pg = PgClient.find(run.config().setting("pg.bin").filter(s -> !s.isBlank()), major);
        return new PsqlSession.Client(pg.psql(), target.spec());
    }

    private Map<String, String> settings(boolean readOnly) {
        Timeouts t = run.target().timeouts();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("statement_timeout", (readOnly ? t.check() : t.write()).toMillis() + "ms");
        settings.put("lock_timeout", t.lock().toMillis() + "ms");
        return settings;
    }

    private Duration limit(boolean readOnly, DocumentSections.Unit unit) {
        Timeouts t = run.target().timeouts();
        return (readOnly ? t.check() : t.write()).multipliedBy(unit.chunks().size() + 1L);
    }

    /** The last section of the deploy (the rollback's come after it): once it ran, every section of the deploy did. */
    private Section lastDeploySection() {
        Section last = null;
        for (Section s : sections) {
            if (!declaration.isRollback(s)) {
                last = s;
            }
        }
        return last;
    }

    private int firstWrite() {
        for (int i = 0; i < sections.size(); i++) {
            if (declaration.writes(sections.get(i)) && !declaration.isRollback(sections.get(i))) {
                return i;
            }
        }
        return sections.size();
    }

    /** Read-only, before the first step: which of the document's states this target is in, by its own checks. */
    private DeployState readDeployState() {
        List<Section> deploy =
                sections.stream().filter(s -> !declaration.isRollback(s)).toList();
        int first = firstWrite();
        List<Section> pre = sections.subList(0, Math.min(first, sections.size())).stream()
                .filter(Section::hasChecks)
                .toList();
        List<Section> writes = deploy.stream().filter(declaration::writes).toList();
        int last = writes.isEmpty() ? -1 : deploy.indexOf(writes.get(writes.size() - 1));
        List<Section> post = deploy.subList(last + 1, deploy.size()).stream()
                .filter(Section::hasChecks)
                .toList();
        // One reading, in document order: what an earlier section records (its psql variables) a later check uses.
        Map<String, String> reading = new LinkedHashMap<>(declaration.bindings());
        List<String> preFails = failing(pre, reading);
        List<String> done = new ArrayList<>();
        List<String> notDone = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Section w : writes) {
            if (!w.hasChecks()) {
                unknown.add(w.number());
            } else if (failing(List.of(w), reading).isEmpty()) {
                done.add(w.number());
            } else {
                notDone.add(w.number());
            }
        }
        List<String> postFails = failing(post, reading);
        // A verification run starts with what the reading recorded (the counts a pre-check kept before the deploy).
        reading.forEach(variables::putIfAbsent);
        List<Section> checked = writes.stream().filter(Section::hasChecks).toList();
        boolean lastHolds = !checked.isEmpty()
                && done.contains(checked.get(checked.size() - 1).number());
        // Complete: every writing section's checks hold; or the last one's do while the pre-checks do not (an earlier
        // section's check a later section changed, told apart on the verification run).
        boolean pastStart = pre.isEmpty() || !preFails.isEmpty();
        if (postFails.isEmpty()
                && (notDone.isEmpty() || (lastHolds && pastStart))
                && (!done.isEmpty() || !post.isEmpty())) {
            superseded.addAll(notDone);
            return DeployState.complete("the checks of "
                    + names(writes.stream()
                            .filter(w -> w.hasChecks() && !superseded.contains(w.number()))
                            .toList())
                    + (post.isEmpty() ? "" : " and " + names(post)) + " hold"
                    + (superseded.isEmpty()
                            ? ""
                            : "; §" + String.join(", §", superseded)
                                    + "'s checks do not, as a later section leaves them (its verification tells)"));
        }
        if (!pre.isEmpty() && preFails.isEmpty()) {
            return DeployState.notStarted(names(pre) + " hold: the state before the deploy");
        }
        if (!done.isEmpty()) {
            String lastDone = done.get(done.size() - 1);
            List<String> earlier = writes.stream()
                    .map(Section::number)
                    .takeWhile(n -> !n.equals(lastDone))
                    .toList();
            List<String> gaps = earlier.stream().filter(notDone::contains).toList();
            List<String> blind = earlier.stream().filter(unknown::contains).toList();
            if (notDone.isEmpty() && unknown.isEmpty()) {
                // Every writing section's checks hold, a later check does not: the deploy is done and something changed
                // since (an index dropped by hand); the verification run fails at that check, saying what.
                return DeployState.complete("the checks of §" + String.join(", §", done) + " hold, not those of "
                        + String.join("; ", postFails) + ": the verification says what changed since the deploy");
            }
            if (gaps.isEmpty() && blind.isEmpty()) {
                applied.addAll(done);
                return DeployState.continuing("§" + String.join(", §", done) + " applied (their checks hold), §"
                        + String.join(", §", notDone) + " not yet");
            }
            return DeployState.partial(
                    "§" + lastDone + " is applied but §" + String.join(", §", gaps.isEmpty() ? blind : gaps)
                            + (gaps.isEmpty() ? " states no check that tells whether it was applied" : " is not")
                            + "; finish or undo the deploy by hand, or add a check to the section");
        }
        if (pre.isEmpty()) {
            return DeployState.notStarted("no pre-checks, and no writing section's checks hold: nothing applied yet");
        }
        if (unknown.isEmpty() && postFails.size() == post.size()) {
            // No writing section's result is there: the pre-checks say what is wrong at their own step, before the
            // first
            // write, as a failed check of the document (a target not ready, or a deploy begun by hand: both stop
            // there).
            return DeployState.notStarted("no writing section's checks hold; the pre-checks fail ("
                    + String.join("; ", preFails) + ") and stop the deploy at their step, before any write");
        }
        return DeployState.partial("neither before the deploy (" + String.join("; ", preFails)
                + ") nor after it (" + (postFails.isEmpty() ? "no section's checks hold" : String.join("; ", postFails))
                + (unknown.isEmpty() ? "" : "; §" + String.join(", §", unknown) + " states no check of its own")
                + "): is this the right database, and was part of the deploy applied by hand?");
    }

    private List<String> failing(List<Section> checks, Map<String, String> reading) {
        List<String> fails = new ArrayList<>();
        for (Section s : checks) {
            List<String> problems = Evidence.quietly(() -> problems(s, true, false, reading));
            if (!problems.isEmpty()) {
                fails.add("§" + s.number() + ": " + problems.get(0).replaceAll("\\s+", " "));
            }
        }
        return fails;
    }

    private static String names(List<Section> sections) {
        return sections.isEmpty()
                ? "no section"
                : "§"
                        + String.join(
                                ", §", sections.stream().map(Section::number).toList());
    }

    private void finish() {
        if (!prepared) {
            return;
        }
        String env = run.config().env().name();
        run.runEvidence().finish(env, firstFailure != null ? "FAILED at " + firstFailure : "passed");
        run.publishEnvironment();
        Optional.ofNullable(run.targetIfOpened()).ifPresent(Target::close);
    }

    /** A document runbook's identity, as a class's {@link Runbook} annotation gives it. */
    private record Identity(String id, String document) implements Runbook {
        @Override
        public String[] sql() {
            return new String[] {id};
        }

        @Override
        public String documentSha256() {
            return "";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return Runbook.class;
        }
    }
}
