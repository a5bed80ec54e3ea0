package runbooks.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The strongly connected groups of top-level classes (a nested class counts as the class it is nested in), as {@code
 * jdeps -verbose:class} would show them: each group is a knot, where to understand one class you read them all. The
 * groups that existed when the rule came are the baseline ({@code src/test/resources/architecture/class-cycles.txt});
 * a knot outside it, or a class joining one, is new.
 */
final class ClassCycles {

    private final Map<String, SortedSet<String>> edges;

    private ClassCycles(Map<String, SortedSet<String>> edges) {
        this.edges = edges;
    }

    /** The dependency graph of the top-level classes among {@code classes}, dependencies outside them left out. */
    static ClassCycles of(JavaClasses classes) {
        Map<String, SortedSet<String>> edges = new TreeMap<>();
        Set<String> names = new TreeSet<>();
        classes.forEach(c -> names.add(ArchitectureRules.topLevel(c).getName()));
        for (JavaClass c : classes) {
            String from = ArchitectureRules.topLevel(c).getName();
            SortedSet<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = ArchitectureRules.topLevel(d.getTargetClass()).getName();
                if (!target.equals(from) && names.contains(target)) {
                    to.add(target);
                }
            }
        }
        return new ClassCycles(edges);
    }

    /** Every strongly connected group of more than one class (Tarjan), each sorted, in name order. */
    List<SortedSet<String>> groups() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<SortedSet<String>> groups = new ArrayList<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, index, low, stack, onStack, groups);
            }
        }
        groups.sort((a, b) -> a.first().compareTo(b.first()));
        return groups;
    }

    private void connect(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<SortedSet<String>> groups) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, new TreeSet<>())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, groups);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            SortedSet<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                groups.add(group);
            }
        }
    }

    /** The groups that are not within one group of the baseline: a new knot, or a class that joined an old one. */
    List<String> outside(List<SortedSet<String>> baseline) {
        return groups().stream()
                .filter(group -> baseline.stream().noneMatch(old -> old.containsAll(group)))
                .map(this::describe)
                .toList();
    }

    /** The group with the dependencies that close it, one class a line: {@code A -> B, C}. */
    String describe(SortedSet<String> group) {
        return group.stream()
                .map(c -> "  " + c + " -> "
                        + edges.get(c).stream().filter(group::contains).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n", "a cycle of " + group.size() + " classes:\n", ""));
    }

    /** The groups in the baseline file's form: one class a line, a blank line between groups. */
    static String format(List<SortedSet<String>> groups) {
        return groups.stream().map(g -> String.join("\n", g)).collect(Collectors.joining("\n\n", "", "\n"));
    }

    static List<SortedSet<String>> parse(String text) {
        List<SortedSet<String>> groups = new ArrayList<>();
        for (String block : text.strip().split("\\n\\s*\\n")) {
            SortedSet<String> group = new TreeSet<>();
            block.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(group::add);
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return groups;
    }
}
