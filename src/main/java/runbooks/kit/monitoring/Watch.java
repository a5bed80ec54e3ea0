package runbooks.kit.monitoring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.assertj.core.api.Assertions;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.Evidence;

/**
 * Watching a live system with Awaitility: wait until something happens ({@link #until}), or require
 * that nothing goes wrong for a while ({@link #holds}). Every poll writes a progress line to the log
 * and, at the end, to the report, so an auditor sees what the system did while the suite waited.
 *
 * <p>A check is a supplier of problems, one sentence each; empty means healthy.
 */
public final class Watch {

    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String name;
    private final Duration poll;
    private final Supplier<String> progress;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /**
     * @param progress one line describing the system now (e.g. runs and bars so far), logged at each poll
     */
    public Watch(String name, Duration poll, Supplier<String> progress) {
        this.name = name;
        this.poll = poll;
        this.progress = progress;
    }

    /** Waits until {@code problems} is empty, at most {@code atMost}; fails with the last problems. */
    public void until(Duration atMost, Supplier<List<String>> problems) {
        run(() -> await(name).atMost(atMost).pollInterval(poll).pollDelay(Duration.ZERO)
                .untilAsserted(() -> check(problems)), atMost, "did not happen within");
    }

    /** Requires {@code problems} to stay empty for the whole of {@code window}; fails at the first problem. */
    public void holds(Duration window, Supplier<List<String>> problems) {
        Instant end = Instant.now().plus(window);
        run(() -> await(name).atMost(window.plus(poll.multipliedBy(2))).pollInterval(poll).pollDelay(Duration.ZERO)
                .until(() -> {
                    check(problems);
                    return !Instant.now().isBefore(end);
                }), window, "was violated during");
    }

    private void check(Supplier<List<String>> problems) {
        List<String> found = problems.get();
        String line = TIME.format(Instant.now()) + "  " + progress.get() + (found.isEmpty() ? "  ok" : "  " + found);
        lines.add(line);
        LOG.info("[watch] {}: {}", name, line);
        Assertions.assertThat(found).as("%s", name).isEmpty();
    }

    private void run(Runnable waiting, Duration d, String verb) {
        try {
            waiting.run();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " " + verb + " " + d + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        } finally {
            Evidence.text(name + " (what the system did while the suite watched)", String.join("\n", lines));
        }
    }
}
