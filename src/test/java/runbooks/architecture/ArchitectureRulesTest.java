package runbooks.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.architecture.fixture.rawconnection.OpensThroughConnections;
import runbooks.architecture.fixture.rawconnection.OpensThroughDataSource;
import runbooks.architecture.fixture.rawconnection.OpensThroughDriverManager;

/** Each architecture rule fails on a planted violation (runbooks.architecture.fixture): a rule that cannot fail is no rule. */
@DisplayName("Architecture rules: each fails on a planted violation")
class ArchitectureRulesTest {

    private static final String FIXTURE = "runbooks.architecture.fixture";

    @Test
    @DisplayName("a package cycle (a uses b, b uses a) fails the no-package-cycle rule")
    void should_fail_on_a_package_cycle() {
        EvaluationResult result =
                ArchitectureRules.noPackageCycles(FIXTURE + ".cycle").evaluate(fixture("cycle"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected", "Ledger", "Posting");
    }

    @Test
    @DisplayName("one runbook using another runbook's class fails the independence rule")
    void should_fail_when_a_runbook_uses_another() {
        EvaluationResult result = ArchitectureRules.runbooksIndependent(
                        FIXTURE + ".runbooks", ArchitectureTest.RUNBOOKS)
                .evaluate(fixture("runbooks"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("MesStep", "AggHelper");
    }

    @Test
    @DisplayName(
            "Connections.open, ConnectionSpec.dataSource() and DriverManager outside the database package each fail")
    void should_fail_on_each_raw_connection() {
        for (Class<?> planted :
                Set.of(OpensThroughConnections.class, OpensThroughDataSource.class, OpensThroughDriverManager.class)) {
            EvaluationResult result = ArchitectureRules.rawConnectionsOnlyIn("runbooks.kit.database", Set.of())
                    .evaluate(new ClassFileImporter().importClasses(planted));

            assertThat(result.hasViolation()).as(planted.getSimpleName()).isTrue();
            assertThat(result.getFailureReport().toString()).contains(planted.getSimpleName());
        }
    }

    @Test
    @DisplayName("a class using Flyway's internal parser fails the no-library-internals rule")
    void should_fail_on_a_library_internal() {
        EvaluationResult result = ArchitectureRules.noLibraryInternals(ArchitectureTest.FLYWAY_INTERNALS)
                .evaluate(fixture("internals"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("SplitsWithFlyway", "ParsingContext");
    }

    @Test
    @DisplayName("a context with a thirteenth public method fails the author-API rule, naming its methods")
    void should_fail_on_a_wide_author_api() {
        EvaluationResult result = ArchitectureRules.authorApiAtMost(
                        FIXTURE + ".api.WideContext", ArchitectureTest.AUTHOR_API_METHODS)
                .evaluate(fixture("api"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("WideContext has 13 public methods", "thirteenth");
    }

    @Test
    @DisplayName("a class on the exception list passes the raw-connection rule, and only that class")
    void should_pass_a_listed_exception_only() {
        JavaClasses planted = fixture("rawconnection");

        EvaluationResult result = ArchitectureRules.rawConnectionsOnlyIn(
                        "runbooks.kit.database", Set.of(OpensThroughConnections.class.getName()))
                .evaluate(planted);

        assertThat(result.getFailureReport().toString())
                .doesNotContain(OpensThroughConnections.class.getName() + ".")
                .contains(OpensThroughDataSource.class.getName(), OpensThroughDriverManager.class.getName());
    }

    @Test
    @DisplayName("a new knot of classes (a part that takes back its maker) fails the class-cycle rule")
    void should_fail_on_a_new_class_cycle() throws IOException {
        var cycles = ClassCycles.of(fixture("knot"));

        assertThat(cycles.outside(ArchitectureTest.baseline()))
                .singleElement()
                .asString()
                .contains("a cycle of 2 classes", FIXTURE + ".knot.Maker -> " + FIXTURE + ".knot.Part");
    }

    @Test
    @DisplayName("a knot already in the baseline passes the class-cycle rule")
    void should_pass_a_knot_in_the_baseline() {
        var cycles = ClassCycles.of(fixture("knot"));

        assertThat(cycles.outside(ClassCycles.parse(FIXTURE + ".knot.Maker\n" + FIXTURE + ".knot.Part\n")))
                .isEmpty();
    }

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages(FIXTURE + "." + name);
    }
}
