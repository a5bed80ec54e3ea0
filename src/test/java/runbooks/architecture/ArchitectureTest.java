package runbooks.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.junit.Runbook;

/**
 * The architecture, checked on the suite's classes in {@code mvn test}: the kit's packages depend one way, the runbooks
 * do not depend on each other, raw connections are opened only in {@code runbooks.kit.database}, and no new knot of
 * classes appears. {@link ArchitectureRulesTest} shows each rule failing on a planted violation.
 */
@DisplayName("Architecture: the rules hold for the suite's classes")
class ArchitectureTest {

    static final String KIT = "runbooks.kit";
    static final String FLYWAY_INTERNALS = "org.flywaydb.core.internal..";
    /** What a runbook class holds fits on one screen ({@code docs/authoring.md} lists them). */
    static final int AUTHOR_API_METHODS = 12;

    /** The runbooks the planted violation speaks of (the fixture has an {@code agg} and a {@code mes} package). */
    static final List<String> RUNBOOKS = List.of("mes", "agg", "usage", "backtest");

    /**
     * The classes that opened raw connections before the rule existed, each with what it connects to. The rule holds for
     * every other class; {@link #each_exception_is_still_needed} fails when one no longer needs its place here.
     */
    static final Map<String, String> RAW_CONNECTIONS_BEFORE_THE_RULE = Map.ofEntries(
            Map.entry("runbooks.kit.migration.FlywayMigrations", "the target, read-only (Flyway's info and validate)"),
            Map.entry("runbooks.kit.gate.SafetyGate", "the gate's rehearsal database on the local cluster"),
            Map.entry("runbooks.kit.gate.GateCli", "the gate's rehearsal database on the local cluster"),
            Map.entry("runbooks.kit.gate.Rehearsal", "the gate's rehearsal database on the local cluster"),
            Map.entry("runbooks.kit.gate.RehearsalClusters", "a rehearsal cluster of the target's major (its version)"),
            Map.entry("runbooks.kit.gate.ToolJournal", "the gate's rehearsal database (the tool's journal table)"),
            Map.entry(
                    "runbooks.kit.backup.SnapshotBackups", "the target (its exported snapshot) and the local cluster"),
            Map.entry(
                    "runbooks.kit.backup.DatabaseCopy", "the target's server (a rehearsal copy) and the local cluster"),
            Map.entry("runbooks.bench.Benchmark", "databases of the local cluster it times"),
            Map.entry("runbooks.bench.StagingScaleBenchmark", "the local cluster's benchmark database (plans)"));

    static final Path CLASS_CYCLES_BASELINE = Path.of(System.getProperty("runbooks.basedir", "."))
            .resolve("src/test/resources/architecture/class-cycles.txt");

    /** The suite's own classes: the kit (src/main) and the runbooks and their tests (src/test), not this package. */
    static final JavaClasses SUITE = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/runbooks/architecture/"))
            .importPackages("runbooks");

    @Test
    @DisplayName("no cycle between the packages of runbooks.kit (its tests left out: a kit test may use any package)")
    void kit_packages_have_no_cycle() {
        ArchitectureRules.noPackageCycles(KIT).check(productionClasses());
    }

    @Test
    @DisplayName(
            "the runbook packages (each package under runbooks holding a @Runbook class) do not depend on each other")
    void runbooks_are_independent() {
        List<String> runbooks = runbookPackages();
        assertThat(runbooks).as("runbook packages found").contains("mes", "agg", "usage", "backtest");
        ArchitectureRules.runbooksIndependent("runbooks", runbooks).check(SUITE);
    }

    /** The packages right under {@code runbooks} (the kit's aside) that hold a class annotated {@code @Runbook}. */
    static List<String> runbookPackages() {
        return SUITE.stream()
                .filter(c -> c.isAnnotatedWith(Runbook.class))
                .map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("runbooks.") && !p.startsWith(KIT))
                .map(p -> p.substring("runbooks.".length()).split("\\.")[0])
                .distinct()
                .sorted()
                .toList();
    }

    @Test
    @DisplayName("raw connections are opened only in runbooks.kit.database (and by the classes listed before the rule)")
    void raw_connections_only_in_the_database_package() {
        ArchitectureRules.rawConnectionsOnlyIn(KIT + ".database", RAW_CONNECTIONS_BEFORE_THE_RULE.keySet())
                .check(SUITE);
    }

    @Test
    @DisplayName("no class depends on Flyway's internal packages (statements are split by psql itself)")
    void no_library_internals() {
        ArchitectureRules.noLibraryInternals(FLYWAY_INTERNALS).check(SUITE);
    }

    @Test
    @DisplayName("the author API, RunbookContext, has at most 12 public methods (the rest in its facets)")
    void author_api_is_small() {
        ArchitectureRules.authorApiAtMost("runbooks.kit.junit.RunbookContext", AUTHOR_API_METHODS)
                .check(SUITE);
    }

    @Test
    @DisplayName(
            "each class listed as opening raw connections before the rule still does (else: remove it from the list)")
    void each_exception_is_still_needed() {
        for (String name : RAW_CONNECTIONS_BEFORE_THE_RULE.keySet()) {
            DescribedPredicate<JavaClass> inIt = ArchitectureRules.topLevelClassNamedIn(Set.of(name));
            JavaClasses itself = SUITE.that(inIt);
            assertThat(ArchitectureRules.rawConnectionsOnlyIn(KIT + ".database", Set.of())
                            .evaluate(itself)
                            .hasViolation())
                    .as("%s no longer opens a raw connection: remove it from RAW_CONNECTIONS_BEFORE_THE_RULE", name)
                    .isTrue();
        }
    }

    @Test
    @DisplayName(
            "no new cycle between classes: every knot is within one of the baseline's (src/test/resources/architecture)")
    void no_new_class_cycle() throws IOException {
        var cycles = ClassCycles.of(productionClasses());
        assertThat(cycles.outside(baseline()))
                .as(
                        "cycles of classes not in %s: collaborators receive what they need, not the object that made them",
                        CLASS_CYCLES_BASELINE)
                .isEmpty();
    }

    @Test
    @DisplayName("the class-cycle baseline lists exactly today's knots (it shrinks as they are untied)")
    void class_cycle_baseline_is_current() throws IOException {
        List<SortedSet<String>> now = ClassCycles.of(productionClasses()).groups();
        assertThat(ClassCycles.format(now))
                .as(
                        "the knots have changed; when none was added (no_new_class_cycle passes), write these groups into %s",
                        CLASS_CYCLES_BASELINE)
                .isEqualTo(ClassCycles.format(baseline()));
    }

    /** The kit and the runbooks' own classes; tests and drills are left out (a test may know its subject's helpers). */
    static JavaClasses productionClasses() {
        return SUITE.that(DescribedPredicate.not(ArchitectureRules.testClass()));
    }

    static List<SortedSet<String>> baseline() throws IOException {
        return ClassCycles.parse(Files.readString(CLASS_CYCLES_BASELINE));
    }
}
