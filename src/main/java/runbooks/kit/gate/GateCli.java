package runbooks.kit.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalCluster;
import runbooks.kit.database.LocalClusters;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.env.Environment;

/**
 * The safety gate outside JUnit (a pre-commit hook, a CI step):
 *
 * <pre>
 *   gate [--json] [--block error,warning] [--target-version 150000] [--tool flyway|prisma|drizzle|diesel|none]
 *        [--before FILE_OR_FOLDER]... FILE_OR_FOLDER...
 * </pre>
 *
 * Files of a folder are judged in Flyway version order (Prisma's and diesel's migration folders in name order), each
 * against the schema the earlier ones left; {@code --before} files are applied first without being judged (the schema
 * the migrations start from). The rehearsal runs on the target's major version ({@link RehearsalClusters}) and holds
 * the migration tool's journal table first ({@link ToolJournal}: the tool the first folder's layout shows, or
 * {@code --tool}).
 * Exit code 0: nothing blocking; 1: blocking findings; 2: the gate could not run (bad arguments, a file
 * that does not exist, no database).
 */
public final class GateCli {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.*\\.sql");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            Options o = Options.parse(args);
            LocalCluster shared = LocalClusters.shared(
                    Environment.load(Path.of("environments"), Environment.LOCAL, k -> Optional.empty()));
            RehearsalClusters.Choice on = RehearsalClusters.forTarget(shared, o.targetVersion());
            ConnectionSpec rehearsal = on.cluster().createDatabase("gate");
            List<String> notes = new ArrayList<>();
            notes.add("rehearsed on PostgreSQL " + GateRun.version(on.versionNum()) + " for a target of PostgreSQL "
                    + GateRun.version(o.targetVersion()) + ", the schema rebuilt from the files"
                    + o.tool()
                            .map(t -> ", " + t.tool() + "'s journal " + t.table() + " created first")
                            .orElse(""));
            on.note().ifPresent(notes::add);
            o.tool().ifPresent(t -> t.createIn(rehearsal));
            for (Path before : o.before()) {
                apply(rehearsal, before);
            }
            GateReport report = new GateReport(
                    o.files(),
                    new SafetyGate(rehearsal, o.targetVersion(), Duration.ofSeconds(2)).inspect(o.files()),
                    o.policy(),
                    notes);
            System.out.println(o.json() ? report.toJson() : report.toText());
            return report.passes() ? 0 : 1;
        } catch (ConfigurationException | IllegalArgumentException e) {
            System.err.println("gate: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("gate: could not run: " + e.getMessage());
            return 2;
        }
    }

    private static void apply(ConnectionSpec rehearsal, Path before) {
        for (Path file : sqlFiles(before)) {
            try (Connection c = Connections.open(rehearsal);
                    Statement s = c.createStatement()) {
                s.execute(Files.readString(file));
            } catch (SQLException | IOException e) {
                throw new IllegalArgumentException("--before " + file + " does not apply: "
                        + e.getMessage().split("\n")[0]);
            }
        }
    }

    /**
     * A file, or the migrations of a folder: a Prisma folder's {@code <migration>/migration.sql} in name order,
     * else the .sql files in Flyway version order (name order for unversioned files).
     */
    static List<Path> sqlFiles(Path path) {
        if (Files.isRegularFile(path)) {
            try {
                if (Files.readString(path).isBlank()) {
                    throw new IllegalArgumentException(
                            path + " is empty: there is no migration in it to judge (an empty file passing the gate"
                                    + " would say nothing); pass the file that holds the migration.");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
            }
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " does not exist; pass a migration file or a folder of them.");
        }
        for (String inFolder : List.of("migration.sql", "up.sql")) {
            try (Stream<Path> dirs = Files.list(path)) {
                List<Path> folders = dirs.map(d -> d.resolve(inFolder))
                        .filter(Files::isRegularFile)
                        .sorted()
                        .toList();
                if (!folders.isEmpty()) {
                    return folders;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + path + ": " + e.getMessage());
            }
        }
        try (Stream<Path> files = Files.list(path)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".sql"))
                    .sorted(Comparator.comparing(GateCli::version)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException(path
                        + " holds no migration (no .sql file, no <migration>/migration.sql or <migration>/up.sql);"
                        + " pass the migrations folder itself.");
            }
            found.forEach(GateCli::sqlFiles);
            return found;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + path + ": " + e.getMessage());
        }
    }

    private static MigrationVersion version(Path p) {
        Matcher m = VERSIONED.matcher(p.getFileName().toString());
        return m.matches() ? MigrationVersion.fromVersion(m.group(1).replace('_', '.')) : MigrationVersion.LATEST;
    }

    record Options(
            boolean json,
            Policy policy,
            int targetVersion,
            Optional<ToolJournal> tool,
            List<Path> before,
            List<Path> files) {
        static Options parse(String[] args) {
            boolean json = false;
            Optional<ToolJournal> tool = Optional.empty();
            boolean toolSaid = false;
            Policy policy = Policy.parse(Policy.DEFAULT);
            int targetVersion = 170000;
            List<Path> before = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--json" -> json = true;
                    case "--block" -> policy = Policy.parse(value(args, ++i, "--block"));
                    case "--target-version" -> targetVersion = number(value(args, ++i, "--target-version"));
                    case "--tool" -> {
                        tool = tool(value(args, ++i, "--tool"));
                        toolSaid = true;
                    }
                    case "--before" -> before.addAll(sqlFiles(Path.of(value(args, ++i, "--before"))));
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i] + USAGE);
                        }
                        if (!toolSaid && tool.isEmpty()) {
                            tool = ToolJournal.of(Path.of(args[i]));
                        }
                        files.addAll(sqlFiles(Path.of(args[i])));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no migration given" + USAGE);
            }
            return new Options(json, policy, targetVersion, tool, before, files);
        }

        private static Optional<ToolJournal> tool(String name) {
            if (name.equals("none")) {
                return Optional.empty();
            }
            return Optional.of(ToolJournal.named(name)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--tool takes flyway, prisma, drizzle, diesel or none, not '" + name + "'")));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value" + USAGE);
            }
            return args[i];
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--target-version takes server_version_num, e.g. 150000, not '" + s + "'");
            }
        }

        private static final String USAGE = "; usage: gate [--json] [--block error,warning] [--target-version 150000]"
                + " [--tool flyway|prisma|drizzle|diesel|none] [--before FILE_OR_FOLDER]... FILE_OR_FOLDER...";
    }
}
