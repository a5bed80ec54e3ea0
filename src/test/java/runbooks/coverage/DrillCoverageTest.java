package runbooks.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.junit.DrillsFor;
import runbooks.kit.junit.NoDrill;
import runbooks.kit.junit.Runbook;
import runbooks.kit.junit.Settings;

/**
 * Every acceptance step of every runbook has a defect drill. The runbook classes ({@code @Runbook}) and their drills
 * classes ({@code @DrillsFor}) are found among the compiled test classes; a step is the section number its display
 * name starts with, a drill drills the section its display name starts with ("03.3 fails when ..."). A step marked
 * {@code @NoDrill(reason)} needs none, and fails here when it gains one.
 */
@DisplayName("Drill coverage: every acceptance step has a drill")
class DrillCoverageTest {

    @Test
    @DisplayName(
            "every step of every runbook, but those marked @NoDrill with the reason, has a drill that fails exactly there")
    void should_have_a_drill_for_every_acceptance_step() throws Exception {
        List<Class<?>> classes = testClasses();
        Map<Class<?>, Class<?>> drillsOf = new TreeMap<>(java.util.Comparator.comparing(Class::getName));
        classes.stream()
                .filter(c -> c.isAnnotationPresent(DrillsFor.class))
                .forEach(d -> drillsOf.put(d.getAnnotation(DrillsFor.class).value(), d));
        List<Class<?>> runbooks = classes.stream()
                .filter(c -> c.isAnnotationPresent(Runbook.class))
                .toList();
        assertThat(runbooks).as("runbook classes found").hasSizeGreaterThanOrEqualTo(5);
        Set<String> missing = new TreeSet<>();
        Set<String> gapsClosed = new TreeSet<>();
        Set<String> strays = new TreeSet<>();
        for (Class<?> runbook : runbooks) {
            Class<?> drills = drillsOf.get(runbook);
            assertThat(drills)
                    .as("a class marked @DrillsFor(%s.class)", runbook.getSimpleName())
                    .isNotNull();
            Set<String> drilled = sections(drills);
            Set<String> steps = sections(runbook);
            for (Method m : tests(runbook)) {
                String step = runbook.getSimpleName() + " " + section(m);
                boolean exempt = org.junit.platform.commons.support.AnnotationSupport.isAnnotated(m, NoDrill.class);
                if (!drilled.contains(section(m)) && !exempt) {
                    missing.add(step);
                }
                if (drilled.contains(section(m)) && exempt) {
                    gapsClosed.add(step);
                }
            }
            drilled.stream().filter(s -> !steps.contains(s)).forEach(s -> strays.add(drills.getSimpleName() + " " + s));
        }
        assertThat(missing)
                .as("acceptance steps without a drill (add one to the runbook's @DrillsFor class)")
                .isEmpty();
        assertThat(gapsClosed)
                .as("steps marked @NoDrill that now have a drill (remove the annotation)")
                .isEmpty();
        assertThat(strays)
                .as("drills whose display name starts with no step of their runbook")
                .isEmpty();
    }

    private static List<Method> tests(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .toList();
    }

    private static String section(Method m) {
        return m.getAnnotation(DisplayName.class).value().split(" ")[0];
    }

    static Set<String> sections(Class<?> c) {
        return tests(c).stream().map(DrillCoverageTest::section).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The compiled test classes under {@code runbooks/} (target/test-classes). */
    private static List<Class<?>> testClasses() throws IOException {
        Path root = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).resolve("target/test-classes");
        try (Stream<Path> files = Files.walk(root.resolve("runbooks"))) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .map(DrillCoverageTest::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DrillCoverageTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
