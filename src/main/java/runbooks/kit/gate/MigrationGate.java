package runbooks.kit.gate;

import java.nio.file.Path;
import java.util.List;

/** Judges pending migration files before they are applied; an empty list means they may go ahead. */
public interface MigrationGate {

    /** A short name for the report, e.g. "additive-only grep (runbook §2)". */
    String name();

    List<Finding> inspect(List<Path> pendingMigrations);
}
