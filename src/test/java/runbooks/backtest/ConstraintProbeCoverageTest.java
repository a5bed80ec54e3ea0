package runbooks.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.data.Rows;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.junit.Settings;
import runbooks.kit.sql.SqlFiles;

/**
 * Which constraint probes step 07 must have is read from the deployed schema itself, as {@code DrillCoverageTest} reads
 * the steps: every CHECK constraint 003, 005 and 006 leave has a probe it must reject, and every value of an
 * {@code IN (...)} list and every bound of a {@code BETWEEN} has a probe it must accept. A constraint added to a
 * migration without its probes fails here.
 */
@DisplayName("Constraint probes: every CHECK of the deployed backtest schema is probed both ways")
class ConstraintProbeCoverageTest {

    private static final Path BASEDIR = Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, "."));
    private static final Path PROBES = BASEDIR.resolve("sql/backtest/checks/constraints");
    private static final Pattern LIST = Pattern.compile("ANY \\(ARRAY\\[(.*?)]\\)");
    private static final Pattern LITERAL = Pattern.compile("'([^']*)'::text");
    private static final Pattern BOUNDS = Pattern.compile(
            "\\((\\w+) >= \\(?(-?[0-9.]+)\\)?(?:::numeric)?\\) AND \\(\\1 <= \\(?(-?[0-9.]+)\\)?(?:::numeric)?\\)");

    @Test
    @DisplayName(
            "each CHECK constraint has a rejecting probe; each allowed value and each BETWEEN bound an accepting one")
    void should_probe_every_constraint_both_ways() throws IOException {
        SqlFiles sql = new SqlFiles(BASEDIR.resolve("sql"), java.util.Optional.empty());
        Target target = LocalTargets.fresh("probe_coverage");
        target.verify().script(sql.file(BacktestStandIn.BASELINE));
        BacktestStandIn.MIGRATIONS.forEach(m -> target.verify().script(sql.file("backtest/migrations/" + m)));
        Rows checks = target.read(
                "checks",
                "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'c'"
                        + " AND conrelid IN ('market_structure_results'::regclass, 'backtest_cache'::regclass) ORDER BY conname");
        target.close();

        Map<String, String> rejectedBy = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        try (Stream<Path> files = Files.list(PROBES)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String text = Files.readString(f);
                text.lines()
                        .filter(l -> l.startsWith("-- rejected by: "))
                        .findFirst()
                        .ifPresentOrElse(
                                l -> rejectedBy.put(
                                        f.getFileName().toString(),
                                        l.substring("-- rejected by: ".length()).strip()),
                                () -> accepted.add(text));
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i, "conname");
            String def = checks.get(i, "def");
            if (!rejectedBy.containsValue(name)) {
                missing.add(name + ": no probe it rejects (" + def + ")");
            }
            Matcher list = LIST.matcher(def);
            while (list.find()) {
                Matcher value = LITERAL.matcher(list.group(1));
                while (value.find()) {
                    String literal = "'" + value.group(1) + "'";
                    if (accepted.stream().noneMatch(t -> t.contains(literal))) {
                        missing.add(name + ": no accepted probe with the allowed value " + literal);
                    }
                }
            }
            Matcher bounds = BOUNDS.matcher(def);
            while (bounds.find()) {
                for (String bound : List.of(bounds.group(2), bounds.group(3))) {
                    String column = bounds.group(1);
                    if (accepted.stream().noneMatch(t -> acceptsAt(t, column, bound))) {
                        missing.add(name + ": no accepted probe with " + column + " at its bound " + bound);
                    }
                }
            }
        }
        assertThat(new TreeSet<>(rejectedBy.values()))
                .as("constraints the probes name")
                .isNotEmpty();
        assertThat(missing)
                .as("probes missing from sql/backtest/checks/constraints for the deployed schema's CHECK constraints")
                .isEmpty();
    }

    /** Whether an accepted probe's INSERT gives {@code column} the value {@code bound} (columns and values in the same order). */
    private static boolean acceptsAt(String probe, String column, String bound) {
        Matcher insert = Pattern.compile("(?s)INSERT INTO \\w+ \\((.*?)\\)\\s*VALUES \\((.*)\\);")
                .matcher(probe);
        if (!insert.find()) {
            return false;
        }
        List<String> columns = List.of(insert.group(1).split(",\\s*"));
        List<String> values = List.of(insert.group(2).split(",\\s*(?![^()]*\\))"));
        int at = columns.indexOf(column);
        return at >= 0
                && at < values.size()
                && new java.math.BigDecimal(values.get(at).strip().replace("'", ""))
                                .compareTo(new java.math.BigDecimal(bound))
                        == 0;
    }
}
