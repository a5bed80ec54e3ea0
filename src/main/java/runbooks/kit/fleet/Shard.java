package runbooks.kit.fleet;

import java.util.List;
import java.util.stream.IntStream;
import runbooks.kit.env.ConfigurationException;

/**
 * A fixed share of a fleet, {@code -Dfleet.shard=i/n}: in wave order, every n-th target starting at the i-th, so each
 * shard holds a part of every wave. {@code 1/1} is the whole fleet.
 */
public record Shard(int index, int count) {

    /** The run key; default {@code 1/1}. */
    public static final String PROPERTY = "fleet.shard";

    public static final Shard WHOLE = new Shard(1, 1);

    /** {@code "2/4"}: the second of four shards; one sentence when it is not {@code i/n} with 1 ≤ i ≤ n. */
    public static Shard parse(String given) {
        if (given == null || given.isBlank()) {
            return WHOLE;
        }
        String[] parts = given.trim().split("/");
        if (parts.length == 2 && parts[0].matches("\\d{1,4}") && parts[1].matches("\\d{1,4}")) {
            int i = Integer.parseInt(parts[0]);
            int n = Integer.parseInt(parts[1]);
            if (n >= 1 && i >= 1 && i <= n) {
                return new Shard(i, n);
            }
        }
        throw new ConfigurationException("-D" + PROPERTY + "=" + given
                + " is not a shard of the fleet: write i/n with 1 ≤ i ≤ n (e.g. 2/4, the second of four).");
    }

    public boolean isWhole() {
        return count == 1;
    }

    /** This shard's targets, in wave order. */
    public List<FleetTarget> of(List<FleetTarget> targets) {
        return IntStream.range(0, targets.size())
                .filter(p -> p % count == index - 1)
                .mapToObj(targets::get)
                .toList();
    }

    /** The folder name of this shard's summary: {@code shard-2-of-4}. */
    public String folder() {
        return "shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
