package runbooks.kit.junit;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import runbooks.kit.database.Target;
import runbooks.kit.env.Environment;

/**
 * Behind {@link Runbook}: gives steps their {@link RunbookContext}, skips steps that belong to other
 * environments, and stops a runbook at its first failing step.
 */
final class RunbookExtension
        implements ParameterResolver,
                ExecutionCondition,
                BeforeTestExecutionCallback,
                AfterTestExecutionCallback,
                AfterAllCallback,
                org.junit.jupiter.api.extension.TestExecutionExceptionHandler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunbookExtension.class);

    static {
        // Where no launcher session listener ran first (an IDE, a custom launcher): passwords leave the system
        // properties now.
        runbooks.kit.env.Secrets.takeFromSystemProperties();
        runbooks.kit.env.MaskingPrintStream.install();
    }

    private static final String STARTED = "started";
    private static final String OUTCOMES = "outcomes";

    private static final Namespace NAMESPACE = Namespace.create(RunbookExtension.class);
    private static final String CONTEXT = "context";
    private static final String FIRST_FAILURE = "firstFailure";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunbookContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return runbookContext(context);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("runbook class");
        }
        String env = envName(context);
        Optional<OnlyIn> onlyIn = AnnotationSupport.findAnnotation(context.getTestMethod(), OnlyIn.class);
        if (onlyIn.isPresent() && Arrays.stream(onlyIn.get().value()).noneMatch(env::equals)) {
            return ConditionEvaluationResult.disabled("Not run on env=" + env + ": only on "
                    + String.join(", ", onlyIn.get().value()) + " ("
                    + onlyIn.get().reason() + ")");
        }
        Optional<NeedsLiveSystem> live =
                AnnotationSupport.findAnnotation(context.getTestMethod(), NeedsLiveSystem.class);
        if (live.isPresent() && !Environment.LOCAL.equals(env) && rehearsingOnCopy(context)) {
            return ConditionEvaluationResult.disabled("Not rehearsed on a copy (-Drehearse=copy): "
                    + live.get().value() + "; this step runs when the runbook is run on the target itself.");
        }
        String failed = classStore(context).get(FIRST_FAILURE, String.class);
        if (failed != null) {
            return ConditionEvaluationResult.disabled(
                    "Not run: step '" + failed + "' failed, and a runbook stops at its first failing step.");
        }
        if (AnnotationSupport.isAnnotated(context.getTestMethod(), Deploys.class)) {
            RunbookContext runbook = classStore(context).get(CONTEXT, RunbookContext.class);
            DeployState state = readState(runbook);
            if (state != null && state.isComplete()) {
                return ConditionEvaluationResult.disabled(
                        "Verification run: the deploy is already complete on this target (" + state.evidence()
                                + "); this step is part of the deploy, so it is not run again.");
            }
        }
        return ConditionEvaluationResult.enabled("earlier steps passed");
    }

    /** Whether this run rehearses on a copy: {@code -Drehearse=copy}, or the setting where the environment loads. */
    private static boolean rehearsingOnCopy(ExtensionContext context) {
        if (context.getConfigurationParameter(Settings.REHEARSE)
                .map(String::trim)
                .filter("copy"::equals)
                .isPresent()) {
            return true;
        }
        try {
            return runbookContext(context).rehearsing();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The target's deploy state, or null where it cannot be read yet (the step itself then meets the same error, told in its sentence). */
    private static DeployState readState(RunbookContext runbook) {
        if (runbook == null) {
            return null;
        }
        try {
            return runbook.deploy().state();
        } catch (RuntimeException | AssertionError e) {
            LOG.debug("[runbooks] deploy state not read: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STARTED, System.nanoTime());
        RunbookContext runbook = classStore(context).get(CONTEXT, RunbookContext.class);
        if (runbook != null && runbook.config().loads()) {
            runbook.runEvidence().open(envName(context)).beginStep(context.getDisplayName());
            runbook.runEvidence().stepStarted(context.getDisplayName());
        }
        if (runbook != null && !runbook.annotation().documentSha256().isEmpty()) {
            // A class pinned to its document says at its first step that the document changed since (with the diff).
            runbook.runbookDocument();
        }
        if (runbook != null && AnnotationSupport.isAnnotated(context.getTestMethod(), Deploys.class)) {
            DeployState state = readState(runbook);
            if (state != null && state.kind() == DeployState.Kind.PARTIAL) {
                throw new PartialDeployException(state.evidence());
            }
        }
        if (runbook != null && runbook.runEvidence().exists()) {
            runbook.deployStateReading().attachOnce();
        }
        LOG.info(
                "[runbooks] {} ({}): {} ...",
                classContext(context).getDisplayName(),
                envName(context),
                context.getDisplayName());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        long ms = (System.nanoTime() - context.getStore(NAMESPACE).get(STARTED, Long.class)) / 1_000_000;
        String outcome = context.getExecutionException()
                .map(e -> e instanceof TestAbortedException ? "aborted" : "FAILED")
                .orElse("passed");
        LOG.info(
                "[runbooks] {} ({}): {} {} in {} ms",
                classContext(context).getDisplayName(),
                envName(context),
                context.getDisplayName(),
                outcome,
                ms);
        classStore(context)
                .getOrComputeIfAbsent(
                        OUTCOMES,
                        k -> new java.util.concurrent.ConcurrentHashMap<String, Integer>(),
                        java.util.Map.class)
                .merge(outcome, 1, (a, b) -> (Integer) a + (Integer) b);
        RunbookContext runbook = classStore(context).get(CONTEXT, RunbookContext.class);
        if (runbook != null && runbook.runEvidence().exists()) {
            String files = runbook.runEvidence().open(envName(context)).endStep();
            if (!files.isEmpty()) {
                runbooks.kit.evidence.Evidence.text("evidence files of this step (sha256sum)", files);
            }
        }
        context.getExecutionException()
                .filter(e -> !(e instanceof TestAbortedException))
                .ifPresent(e -> classStore(context).getOrComputeIfAbsent(FIRST_FAILURE, k -> context.getDisplayName()));
    }

    /** A step's failure carries no secret the run was given into the report, the console or a failsafe file. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw MaskedFailure.of(thrown);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RunbookContext runbook = context.getStore(NAMESPACE).get(CONTEXT, RunbookContext.class);
        if (runbook != null) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Integer> outcomes =
                    context.getStore(NAMESPACE).getOrDefault(OUTCOMES, java.util.Map.class, java.util.Map.of());
            runbook.runEvidence()
                    .finish(
                            envName(context),
                            outcomes.getOrDefault("FAILED", 0) > 0
                                    ? "FAILED " + outcomes
                                    : "passed " + outcomes + " (steps not run on this environment are not counted)");
            runbook.publishEnvironment();
            Optional.ofNullable(runbook.targetIfOpened()).ifPresent(Target::close);
        }
    }

    private static RunbookContext runbookContext(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> type = classContext.getRequiredTestClass();
        Runbook runbook = AnnotationSupport.findAnnotation(type, Runbook.class)
                .orElseThrow(() -> new IllegalStateException(type.getName() + " is not annotated @Runbook"));
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        CONTEXT,
                        k -> new RunbookContext(runbook, context::getConfigurationParameter, type),
                        RunbookContext.class);
    }

    /** The environment's name as the run's configuration reads it ({@link RunConfiguration#envName()}). */
    private static String envName(ExtensionContext context) {
        return runbookContext(context).config().envName();
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}
