package runbooks.kit.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import runbooks.kit.migration.MigrationFiles;

/**
 * The MES runbook's own §2 gate, {@code grep -nE "DROP TABLE|DROP COLUMN|ALTER COLUMN|DROP CONSTRAINT"},
 * kept exactly as the runbook wrote it (case-sensitive, line by line) so the report can show that the
 * documented check was performed.
 */
public final class GrepGate implements MigrationGate {

    public static final Pattern RUNBOOK_PATTERN =
            Pattern.compile("DROP TABLE|DROP COLUMN|ALTER COLUMN|DROP CONSTRAINT");

    @Override
    public String name() {
        return "grep -nE \"" + RUNBOOK_PATTERN.pattern() + "\"";
    }

    @Override
    public List<Finding> inspect(List<Path> pendingMigrations) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : pendingMigrations) {
            // One path for every reader of a migration: not UTF-8, or empty, is one sentence before anything else.
            List<String> lines = MigrationFiles.readForGate(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (RUNBOOK_PATTERN.matcher(lines.get(i)).find()) {
                    findings.add(new Finding(
                            "grep-destructive",
                            "error",
                            MigrationFiles.displayName(file),
                            i + 1,
                            lines.get(i).trim(),
                            "the runbook's grep matched",
                            "the deploy must be additive only: move destructive"
                                    + " changes to a separate, reviewed migration.",
                            null,
                            null));
                }
            }
        }
        return findings;
    }
}
