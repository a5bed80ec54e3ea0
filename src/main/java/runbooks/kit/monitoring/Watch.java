package runbooks.kit.monitoring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.Evidence;

/**
 * Watching a system while a runbook waits on it: until something happens ({@link #until}), or while
 * nothing may go wrong ({@link #holds}). Observations become progress lines (console and report), so
 * an auditor sees what the system did while the suite watched: every poll of a live watch; on a
 * simulation each simulated hour and every problem.
 *
 * <p>Two kinds of time. On a live system (staging, production) the watch polls in real time with
 * Awaitility. On a local stand-in the suite runs itself, the system lives in a {@link World} on a
 * simulated clock: the watch advances it step by step and looks after every step, so 24 hours of
 * monitoring take seconds and give the same result on a busy machine as on an idle one.
 *
 * <p>A check answers problems, one sentence each; empty means healthy. A failure names the last state
 * seen and the problems found, never just "timed out".
 */
public final class Watch {

    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A system the suite runs itself on simulated time (the local stand-in's feed and worker). */
    public interface World {
        /** Lets {@code step} of simulated time pass: the system does what it would do meanwhile. */
        void advance(Duration step);

        /** The simulated time now. */
        Instant now();
    }

    /**
     * A check with the runbook's cadence ("every hour"). In a simulation it runs at that cadence of
     * simulated time; on a live system, whose watch windows are short, at every poll.
     */
    public record Check(String name, Duration every, Supplier<List<String>> problems) {}

    private final String name;
    private final Duration poll;
    private final Supplier<String> progress;
    private final World world;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile String lastLine = "(nothing observed yet)";
    private volatile List<String> lastProblems = List.of();

    private Watch(String name, Duration poll, Supplier<String> progress, World world) {
        this.name = name;
        this.poll = poll;
        this.progress = progress;
        this.world = world;
    }

    /** A watch of a live system, polling every {@code poll} of real time. */
    public static Watch live(String name, Duration poll, Supplier<String> progress) {
        return new Watch(name, poll, progress, null);
    }

    /** A watch of a simulated {@code world}, advanced {@code step} at a time. */
    public static Watch simulated(String name, Duration step, Supplier<String> progress, World world) {
        return new Watch(name, step, progress, world);
    }

    /** Waits until {@code problems} is empty, at most {@code atMost}; fails with the last state and problems. */
    public void until(Duration atMost, Supplier<List<String>> problems) {
        try {
            if (world == null) {
                try {
                    await(name)
                            .atMost(atMost)
                            .pollInterval(poll)
                            .pollDelay(Duration.ZERO)
                            .until(() -> observe(Evidence.quietly(problems)).isEmpty());
                } catch (ConditionTimeoutException e) {
                    throw failure("did not happen within " + atMost);
                }
                return;
            }
            Duration elapsed = Duration.ZERO;
            while (!observe(Evidence.quietly(problems)).isEmpty()) {
                if (elapsed.compareTo(atMost) >= 0) {
                    throw failure("did not happen within " + atMost + " of simulated time");
                }
                world.advance(poll);
                elapsed = elapsed.plus(poll);
            }
        } finally {
            attachLines();
        }
    }

    /** Requires every check to find no problem for the whole of {@code window}; fails at the first problem. */
    public void holds(Duration window, List<Check> checks) {
        try {
            if (world == null) {
                Instant end = Instant.now().plus(window);
                try {
                    await(name)
                            .atMost(window.plus(poll.multipliedBy(2)))
                            .pollInterval(poll)
                            .pollDelay(Duration.ZERO)
                            .until(() -> {
                                if (!observe(run(checks, null)).isEmpty()) {
                                    throw failure("was violated during " + window);
                                }
                                return !Instant.now().isBefore(end);
                            });
                } catch (ConditionTimeoutException e) {
                    throw failure("could not be observed for " + window);
                }
                return;
            }
            Duration elapsed = Duration.ZERO;
            while (true) {
                if (!observe(run(checks, elapsed)).isEmpty()) {
                    throw failure("was violated after " + elapsed + " of the " + window + " watched (simulated time)");
                }
                if (elapsed.compareTo(window) >= 0) {
                    return;
                }
                world.advance(poll);
                elapsed = elapsed.plus(poll);
            }
        } finally {
            attachLines();
        }
    }

    /** {@link #holds(Duration, List)} with one check run at every step. */
    public void holds(Duration window, Supplier<List<String>> problems) {
        holds(window, List.of(new Check(name, poll, problems)));
    }

    /** The checks due at {@code elapsed} of simulated time (all of them when live: {@code elapsed} null), with their problems. */
    private static List<String> run(List<Check> checks, Duration elapsed) {
        List<String> found = new ArrayList<>();
        for (Check check : checks) {
            if (elapsed == null || elapsed.toMillis() % check.every().toMillis() == 0) {
                Evidence.quietly(check.problems()).forEach(p -> found.add(check.name() + ": " + p));
            }
        }
        return found;
    }

    private List<String> observe(List<String> found) {
        Instant at = world == null ? Instant.now() : world.now();
        lastProblems = List.copyOf(found);
        // A simulation records the state each simulated hour and at every problem (the checks themselves run at
        // their cadences); a live watch at every poll.
        if (world != null && found.isEmpty() && at.getEpochSecond() % 3600 != 0) {
            lastLine = TIME.format(at) + " (simulated)  ok";
            return found;
        }
        String line = TIME.format(at)
                + (world == null ? "  " : " (simulated)  ")
                + Evidence.quietly(progress)
                + (found.isEmpty() ? "  ok" : "  " + found);
        lines.add(line);
        lastLine = line;
        LOG.info("[watch] {}: {}", name, line);
        return found;
    }

    private AssertionError failure(String what) {
        return new AssertionError(name + " " + what + ". Last seen: " + lastLine
                + (lastProblems.isEmpty()
                        ? ""
                        : System.lineSeparator() + "Problems: " + String.join("; ", lastProblems)));
    }

    private void attachLines() {
        Evidence.text(name + " (what the system did while the suite watched)", String.join("\n", lines));
    }
}
