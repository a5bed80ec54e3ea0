package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every advice the gate gives is a recipe that passes the gate when followed: for each rule, a corpus case marked
 * {@code -- recipe for: <rule>} applies the advice on a populated table, and its expected findings (which
 * {@code GateCorpusTest} proves the gate reports, no more and no fewer) block nothing under the default policy: none
 * of severity error unless allowed with a reason.
 */
@DisplayName("Gate recipes: following each rule's advice passes the gate")
class GateRecipeTest {

    /** Rules whose advice is not a migration to write, each with why. */
    private static final Map<Rule, String> NO_RECIPE = Map.of(
            Rule.STATEMENT_FAILS, "the advice is to fix the statement itself",
            Rule.REHEARSAL_OLDER_THAN_TARGET,
                    "the advice is to rehearse on the target's version, not to change the migration",
            Rule.RELAX_CONSTRAINT,
                    "a warning asking to confirm the intent: the change itself passes the default policy (drop-constraint.sql)",
            Rule.REHEARSAL_LACKS_JOURNAL, "the advice is to name the migration tool, not to change the migration",
            Rule.NOT_JUDGED,
                    "the advice is to let the statement it depends on run in the rehearsal (older-rehearsal-no-cascade.sql)");

    @Test
    @DisplayName("each rule but those without a recipe has a corpus case following its advice that blocks nothing")
    void should_pass_every_recipe_it_advises() throws IOException {
        Map<String, Rule> byCode = Arrays.stream(Rule.values()).collect(Collectors.toMap(Rule::code, r -> r));
        Map<Rule, List<String>> recipes = new TreeMap<>();
        List<String> blocked = new ArrayList<>();
        for (String name : GateCorpusTest.cases().toList()) {
            List<String> lines = Files.readString(GateCorpusTest.corpus().resolve(name))
                    .lines()
                    .toList();
            Set<String> covers = lines.stream()
                    .filter(l -> l.startsWith("-- recipe for:"))
                    .flatMap(l ->
                            Arrays.stream(l.substring("-- recipe for:".length()).split(",")))
                    .map(String::strip)
                    .collect(Collectors.toSet());
            if (covers.isEmpty()) {
                continue;
            }
            covers.forEach(code -> recipes.computeIfAbsent(rule(byCode, code, name), r -> new ArrayList<>())
                    .add(name));
            String expect = lines.stream()
                    .filter(l -> l.startsWith("-- expect:"))
                    .findFirst()
                    .orElseThrow()
                    .substring("-- expect:".length())
                    .strip();
            for (String finding : expect.equals("none") ? List.<String>of() : List.of(expect.split(","))) {
                String code = finding.strip();
                if (!code.endsWith(":allowed")
                        && rule(byCode, code, name).severity().equals("error")) {
                    blocked.add(name + ": " + code + " (error) blocks the recipe");
                }
            }
        }
        Set<Rule> missing = new TreeSet<>(Arrays.asList(Rule.values()));
        missing.removeAll(recipes.keySet());
        missing.removeAll(NO_RECIPE.keySet());
        assertThat(missing)
                .as("rules whose advice no corpus case follows (add one marked '-- recipe for: <rule>')")
                .isEmpty();
        assertThat(blocked)
                .as("recipes the gate blocks: its own advice, followed")
                .isEmpty();
    }

    private static Rule rule(Map<String, Rule> byCode, String code, String file) {
        Rule rule = byCode.get(code.replace(":allowed", ""));
        assertThat(rule).as("%s names %s, which is no rule", file, code).isNotNull();
        return rule;
    }
}
