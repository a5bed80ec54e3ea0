package runbooks.kit.junit;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Runs a runbook's steps in the order of their section numbers, read as numbers: {@code 03.2} before {@code 03.10}
 * (text order would run 03.10 first), {@code 00} before {@code 00.1}; steps without a number come last, by name.
 */
public final class SectionOrder implements MethodOrderer {

    private static final Comparator<MethodDescriptor> ORDER = Comparator.<MethodDescriptor, int[]>comparing(
                    m -> section(name(m)), Arrays::compare)
            .thenComparing(SectionOrder::name);

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(ORDER);
    }

    private static String name(MethodDescriptor m) {
        return m.getDisplayName();
    }

    /** {@code "03.4.2 Historical backfill"} -> {3, 4, 2}; a name without a leading number sorts after every numbered one. */
    static int[] section(String displayName) {
        String first = displayName.split(" ", 2)[0];
        if (!first.matches("\\d+(\\.\\d+)*")) {
            return new int[] {Integer.MAX_VALUE};
        }
        return Arrays.stream(first.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
