package runbooks.kit.migration;

import java.nio.file.Path;

/** How reports name a migration file. */
public final class MigrationFiles {

    private MigrationFiles() {}

    /**
     * The file's name, or for a tool that keeps one file per folder (Prisma's {@code <migration>/migration.sql})
     * the folder and the file, so that findings say which migration they are about.
     */
    public static String displayName(Path file) {
        String name = file.getFileName().toString();
        return name.equals("migration.sql") && file.getParent() != null ? file.getParent().getFileName() + "/" + name : name;
    }
}
