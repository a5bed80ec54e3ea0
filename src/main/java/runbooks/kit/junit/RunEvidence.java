package runbooks.kit.junit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * One run's evidence folder: opened on first use (a new folder, so no earlier run's files are touched), ended with the
 * promotion record of a passing staging run, the apply-log entry and SHA256SUMS; a shutdown hook ends it when the JVM
 * is stopped mid-run (Ctrl-C, SIGTERM), naming the step it stopped in.
 */
final class RunEvidence {

    private final RunConfiguration run;
    /** The runbook document's file name, for the apply log. */
    private final String document;

    private final RunTarget target;
    private final Promotion promotion;
    private final DeployStateReading state;
    private final AtomicReference<RehearsalOnCopy> rehearsal;
    /** Adds a line to the report's environment widget. */
    private final BiConsumer<String, String> report;

    private volatile EvidenceFolder evidence;
    private volatile String currentStep = "(before the first step)";
    private volatile boolean finished;
    private Thread interrupted;
    private final ReentrantLock finishing = new ReentrantLock();

    /** The evidence of {@code run}: its end entry names the target, the promotion, the deploy state and the rehearsal. */
    RunEvidence(
            RunConfiguration run,
            String document,
            RunTarget target,
            Promotion promotion,
            DeployStateReading state,
            AtomicReference<RehearsalOnCopy> rehearsal,
            BiConsumer<String, String> report) {
        this.run = run;
        this.document = document;
        this.target = target;
        this.promotion = promotion;
        this.state = state;
        this.rehearsal = rehearsal;
        this.report = report;
    }

    synchronized boolean exists() {
        return evidence != null;
    }

    Optional<EvidenceFolder> ifOpen() {
        return Optional.ofNullable(evidence);
    }

    void stepStarted(String displayName) {
        currentStep = displayName;
    }

    synchronized EvidenceFolder open(String envName) {
        if (evidence == null) {
            Optional<Path> given = run.value(Settings.EVIDENCE_PROPERTY)
                    .filter(d -> !d.isBlank())
                    .map(Path::of);
            if (given.isPresent()) {
                evidence = EvidenceFolder.open(given.get(), given.get());
            } else {
                Path runbookDir = run.value(Settings.EVIDENCE_ROOT_PROPERTY)
                        .filter(d -> !d.isBlank())
                        .map(Path::of)
                        .orElse(run.basedir()
                                .resolve("target")
                                .resolve("evidence")
                                .resolve(envName)
                                .resolve(run.id()));
                evidence = EvidenceFolder.newRun(runbookDir, run.created());
            }
            // Ctrl-C or a kill during the run: the apply log says where it stopped and the sums cover what it wrote.
            interrupted = new Thread(() -> interruptedEnd(envName, terminal()), "runbooks-evidence-" + run.id());
            Runtime.getRuntime().addShutdownHook(interrupted);
        }
        return evidence;
    }

    /**
     * The JVM is stopping mid-run (Ctrl-C, SIGTERM, a timeout): the apply log says where, and the operator at the
     * terminal is told in one sentence what state the target was left in and that a re-run continues.
     */
    void interruptedEnd(String envName, java.io.PrintStream operator) {
        finish(
                envName,
                "INTERRUPTED at step '" + currentStep + "' (the JVM was stopped:"
                        + " Ctrl-C, SIGTERM or a timeout); re-run to continue from the target's state");
        operator.println(runbooks.kit.env.Secrets.mask(interruptedSentence(envName)));
        operator.flush();
    }

    /**
     * Where the operator reads it: on Ctrl-C Maven, which relays the test JVM's output, is stopping too, so the sentence
     * goes to the controlling terminal itself where there is one ({@code /dev/tty}), else to standard error.
     */
    private static java.io.PrintStream terminal() {
        try {
            return new java.io.PrintStream(new java.io.FileOutputStream("/dev/tty"), true);
        } catch (java.io.IOException | SecurityException noTerminal) {
            return System.err;
        }
    }

    String interruptedSentence(String envName) {
        return "Interrupted at step '" + currentStep + "' of " + run.id() + " on " + envName
                + ": what the runbook committed before stays on the target and the statement in flight was rolled back"
                + " by the server (a backfill keeps its finished chunks); run the same command again: it reads the"
                + " target's state and continues from it, or says what must be resolved first"
                + (evidence == null ? "" : " (apply log: " + evidence.dir().resolve(EvidenceFolder.APPLY_LOG) + ")")
                + ".";
    }

    void finish(String envName, String outcome) {
        if (evidence == null) {
            return;
        }
        // From the shutdown hook the main thread may hold the lock (a step cut off mid-write): wait a little, then
        // write anyway.
        boolean locked = false;
        try {
            locked = finishing.tryLock(5, TimeUnit.SECONDS);
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
            writeEnd(envName, outcome);
        } finally {
            if (locked) {
                finishing.unlock();
            }
        }
    }

    private void writeEnd(String envName, String outcome) {
        String rehearsed = Optional.ofNullable(rehearsal.get())
                .map(r -> {
                    // Whether the real target is as it was before: in the evidence, the report and the apply log.
                    String finished = r.finish(evidence.dir(), target.ifOpened());
                    report.accept("rehearsal.target", finished);
                    return finished + "; the rehearsal ran on " + r.copy().how();
                })
                .orElse(null);
        boolean passed = outcome.startsWith("passed");
        if (passed
                && run.envIfLoaded()
                        .flatMap(e -> e.value(Settings.PROMOTION_RECORDS))
                        .map(Boolean::parseBoolean)
                        .orElse(false)) {
            promotion.write(envName, evidence);
        }
        Target opened = target.ifOpened();
        String reached = opened == null
                ? "(no target opened)"
                : opened.verifiedIdentity()
                        .map(i -> i.masked() + ", system_identifier " + i.systemIdentifier() + ", server "
                                + i.serverVersion())
                        .orElse(opened.spec().masked() + " (not verified)");
        String promotedBy = promotion.allowedBy();
        String entry = "\n## " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + run.id() + " on " + envName
                + "\n\n"
                + "- Operator: " + run.operator() + "\n"
                + "- Change: " + run.change().orElse("(none given: -Dchange=CHG-1234)") + "\n"
                + "- Runbook: "
                + SuiteProvenance.document(run.documents(), document) + "\n"
                + "- Target: " + reached + "\n"
                + "- Suite: " + SuiteProvenance.suiteVersion(run.basedir()) + "\n"
                + (promotedBy == null ? "" : "- Writes allowed by the staging record: " + promotedBy + "\n")
                + (rehearsed == null ? "" : "- Rehearsal: " + rehearsed + "\n")
                + "- Run mode: " + (rehearsed == null ? "" : "rehearsal on a copy, ")
                + state.ifRead().map(st -> st.mode() + " (" + st + ")").orElse("(the deploy state was not read)")
                + "\n"
                + "- Outcome: " + outcome + "\n"
                + "- Evidence: " + evidence.dir() + " (" + EvidenceFolder.SUMS + "; check with sha256sum -c)\n";
        evidence.finish(entry);
    }
}
