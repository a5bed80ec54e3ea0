package runbooks.kit.junit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import runbooks.kit.command.ConfiguredCommand;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;

/**
 * A team tool that writes to the target in place of the suite (its own {@code prisma migrate deploy}, {@code drizzle-kit
 * migrate}): refused unless the target is verified and every write guard passes, as the suite's own writes; run with
 * {@code sh -c} in the project folder with {@code DATABASE_URL} and the libpq variables ({@code PGHOST} ...) set to the
 * target, whose password is never shown (neither on the command line nor in the attached output).
 */
final class TeamTool {

    private TeamTool() {}

    /** Runs {@code command} ({@code key} names its setting) in {@code basedir} against the proved {@code target}. */
    static ConfiguredCommand.Outcome run(Target target, Path basedir, String key, String command, Duration timeout) {
        target.verify().beforeExternalWrite();
        ConnectionSpec spec = target.spec();
        Map<String, String> variables = new HashMap<>(Map.of(
                "DATABASE_URL", spec.urlWithPassword(),
                "PGHOST", spec.host(),
                "PGPORT", String.valueOf(spec.port()),
                "PGDATABASE", spec.database(),
                "PGUSER", spec.user(),
                "PGAPPNAME", spec.application()));
        if (spec.password() != null && !spec.password().isEmpty()) {
            variables.put("PGPASSWORD", spec.password());
        }
        return Evidence.step(
                "the team's own tool: " + command,
                () -> new ConfiguredCommand(key, command, timeout, basedir)
                        .withEnvironment(variables)
                        .run());
    }
}
