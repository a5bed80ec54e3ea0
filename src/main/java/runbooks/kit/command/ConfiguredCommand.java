package runbooks.kit.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.evidence.Evidence;

/**
 * A team script a runbook calls (a dataset build, a training smoke run), configured per environment:
 * run with {@code sh -c} in the project folder, with a timeout; its output is attached to the report.
 */
public record ConfiguredCommand(
        String key, String command, Duration timeout, Path workDir, java.util.Map<String, String> environment) {

    public ConfiguredCommand(String key, String command, Duration timeout, Path workDir) {
        this(key, command, timeout, workDir, java.util.Map.of());
    }

    /**
     * The same command with variables set for it (a team tool's DATABASE_URL); the values of those that hold a secret
     * (a name with PASSWORD, SECRET or URL) never appear in what is attached, the command's output included.
     */
    public ConfiguredCommand withEnvironment(java.util.Map<String, String> variables) {
        return new ConfiguredCommand(key, command, timeout, workDir, java.util.Map.copyOf(variables));
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredCommand.class);

    /** How it ended. {@code exitCode} is -1 when the timeout killed it. */
    public record Outcome(int exitCode, boolean timedOut, String output, Duration took) {

        /** What is wrong with this outcome ({@code what} timed out, or ended with an exit code other than 0), if anything. */
        public Optional<String> problem(String what) {
            return timedOut || exitCode != 0
                    ? Optional.of(what + (timedOut ? " did not finish in time" : " ended with exit code " + exitCode)
                            + " after " + took.toSeconds() + " s:\n" + output)
                    : Optional.empty();
        }

        /** This outcome, when the command finished in time with exit code 0; else a failed check naming what it did. */
        public Outcome requireSuccess(String what) {
            problem(what).ifPresent(p -> {
                throw new AssertionError(p);
            });
            return this;
        }
    }

    public Outcome run() {
        long t0 = System.nanoTime();
        try {
            Path log = Files.createTempFile("runbook-command", ".log");
            LOG.info("[command] {}: {} (timeout {})", key, runbooks.kit.env.Secrets.mask(command), timeout);
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            // Every secret the run was given (not only the variables set for this command) is masked, as CI masks.
            String output = runbooks.kit.env.Secrets.mask(Files.readString(log));
            for (var variable : environment.entrySet()) {
                // Secrets (a password, a URL holding one) are masked; host, port and names stay readable.
                boolean secret = variable.getKey().matches("(?i).*(password|secret|url).*");
                if (secret && !variable.getValue().isEmpty()) {
                    output = output.replace(variable.getValue(), "(" + variable.getKey() + ", not shown)");
                }
            }
            Files.deleteIfExists(log);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Evidence.text(
                    key + " output",
                    "$ " + runbooks.kit.env.Secrets.mask(command) + "\n" + output
                            + (finished
                                    ? "\n[exit " + process.exitValue() + " after " + took.toMillis() + " ms]"
                                    : "\n[killed after timeout " + timeout + "]"));
            return new Outcome(finished ? process.exitValue() : -1, !finished, output, took);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start '" + command + "' (" + key + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + key, e);
        }
    }
}
