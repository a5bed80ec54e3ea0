package runbooks.kit.migration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A team tool's command line (node, npm, the Prisma CLI) run for a compatibility test: exit code and output, or 127/124. */
record ToolProcess(int exit, String output) {

    static ToolProcess run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new ToolProcess(127, e.getMessage());
        }
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        if (!done) {
            p.destroyForcibly();
            return new ToolProcess(124, out);
        }
        return new ToolProcess(p.exitValue(), out);
    }
}
