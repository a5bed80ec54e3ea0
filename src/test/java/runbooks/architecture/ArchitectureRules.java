package runbooks.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;

/**
 * The architecture as rules, each taking the packages it speaks of, so that {@link ArchitectureRulesTest} can check
 * the same rule against the planted violations of {@code runbooks.architecture.fixture} and {@link ArchitectureTest}
 * against the suite.
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    /** The packages under {@code root} (each with its subpackages one slice) depend on each other one way only. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .as("the packages of " + root + " have no dependency cycle");
    }

    /** No class of one runbook's package depends on a class of another's: what they share lives in the kit. */
    static ArchRule runbooksIndependent(String root, List<String> runbooks) {
        CompositeArchRule rule = null;
        for (String runbook : runbooks) {
            String[] others = runbooks.stream()
                    .filter(other -> !other.equals(runbook))
                    .map(other -> root + "." + other + "..")
                    .toArray(String[]::new);
            ArchRule one = noClasses()
                    .that()
                    .resideInAPackage(root + "." + runbook + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .allowEmptyShould(true);
            rule = rule == null ? CompositeArchRule.of(one) : rule.and(one);
        }
        return rule.as("the runbooks " + runbooks + " under " + root + " do not depend on each other");
    }

    /**
     * Raw connections ({@link Connections#open}, {@link ConnectionSpec#dataSource()}, {@link DriverManager}) are opened
     * only in {@code databasePackage}, where the write guard is; everything else goes through a {@code Target}. The kit's
     * own tests ({@code *Test}) set up their databases as they need and are not held to it; {@code exceptions} are the
     * classes that did so before the rule existed ({@link ArchitectureTest#RAW_CONNECTIONS_BEFORE_THE_RULE}).
     */
    static ArchRule rawConnectionsOnlyIn(String databasePackage, Set<String> exceptions) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(databasePackage + "..")
                .and(not(testClass()))
                .and(not(topLevelClassNamedIn(exceptions)))
                .should()
                .callMethod(Connections.class, "open", ConnectionSpec.class)
                .orShould()
                .callMethod(ConnectionSpec.class, "dataSource")
                .orShould()
                .accessClassesThat()
                .belongToAnyOf(DriverManager.class)
                .as("raw connections are opened only in " + databasePackage);
    }

    /**
     * No class depends on a library's internal packages ({@code org.flywaydb.core.internal..}: Flyway changes them in any
     * release); what the kit needs of a library goes through its public API, or through psql and PostgreSQL themselves.
     */
    static ArchRule noLibraryInternals(String... internalPackages) {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(internalPackages)
                .as("no class depends on " + String.join(", ", internalPackages));
    }

    /**
     * The author API stays small: the class {@code authorApi} (what a runbook class holds) has at most {@code max}
     * public methods; what grows goes into one of its facets ({@code config()}, {@code deploy()}).
     */
    static ArchRule authorApiAtMost(String authorApi, int max) {
        return classes()
                .that()
                .haveFullyQualifiedName(authorApi)
                .should(new ArchCondition<JavaClass>("have at most " + max + " public methods") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        List<String> methods = c.getMethods().stream()
                                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                                .map(m -> m.getName())
                                .sorted()
                                .toList();
                        if (methods.size() > max) {
                            events.add(SimpleConditionEvent.violated(
                                    c,
                                    c.getName() + " has " + methods.size() + " public methods " + methods
                                            + ": put the new one in a facet"));
                        }
                    }
                })
                .as("the author API " + authorApi + " has at most " + max + " public methods");
    }

    /**
     * A kit test or a drill class ({@code *Test}), or a class nested in one, or a helper of the kit's tests (a class of
     * the test sources in a {@code runbooks.kit} package: a sample runbook a kit test runs).
     */
    static DescribedPredicate<JavaClass> testClass() {
        return DescribedPredicate.describe(
                "a test class (*Test) or a kit test's helper",
                c -> topLevel(c).getSimpleName().endsWith("Test")
                        || (c.getPackageName().startsWith("runbooks.kit")
                                && c.getSource()
                                        .map(s -> s.getUri().toString().contains("/test-classes/"))
                                        .orElse(false)));
    }

    static DescribedPredicate<JavaClass> topLevelClassNamedIn(Set<String> names) {
        return DescribedPredicate.describe(
                "one of " + names, c -> names.contains(topLevel(c).getName()));
    }

    static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }
}
