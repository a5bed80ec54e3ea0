package runbooks.kit.scaffold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.sql.Statements;

/**
 * Turns a runbook document into a runbook class to finish by hand: one step per numbered section, in the document's
 * order, each doing what its SQL does. A section whose SQL only reads runs it as written ({@code checkDocumentSql}: its
 * Expected lines asserted); one that writes gets its SQL as {@code sql/<id>/<section>_<title>.sql}, run with psql
 * semantics ({@code runbook.psql}), or as a batched backfill when it is one {@code UPDATE ... LIMIT} repeated; a section
 * without SQL is a step for a person. Sections before the first write are pre-checks ({@code @Deploys}: a verification
 * run of a deployed target skips them); a rollback section runs on env=local only and runs the pre-checks again after
 * it. The class pins the document's sha256 and a copy of it ({@code sql/<id>/document/}); a drills class shows the
 * first drill to write. Environment keys to add are printed.
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=runbooks.kit.scaffold.Scaffold -Dexec.args="path/to/runbook.md orders"
 * </pre>
 */
public final class Scaffold {

    /** What the scaffold wrote, relative to the project folder. */
    public record Written(Path runbookClass, Path drillsClass, List<Path> sqlFiles, List<String> environmentKeys) {}

    private Scaffold() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: Scaffold <runbook document.md> <id> [<project folder>, default .]");
            System.exit(2);
        }
        try {
            Written w = write(Path.of(args[0]), args[1], Path.of(args.length > 2 ? args[2] : "."));
            System.out.println("wrote " + w.runbookClass() + ", " + w.drillsClass() + " and "
                    + w.sqlFiles().size() + " files under sql/" + args[1]
                    + "/\nadd to environments/staging.properties and production.properties:\n  "
                    + String.join("\n  ", w.environmentKeys()));
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    public static Written write(Path document, String id, Path project) {
        if (!id.matches("[a-z][a-z0-9_]*")) {
            throw new ConfigurationException("The runbook id '" + id
                    + "' must be lower case letters, digits and _ (it names sql/<id>/ and a Java package).");
        }
        RunbookDocument doc = RunbookDocument.read(document);
        String name = camel(id);
        Path javaDir = project.resolve("src/test/java/runbooks").resolve(id);
        Path sqlDir = project.resolve("sql").resolve(id);
        Path runbookClass = javaDir.resolve(name + "RunbookIT.java");
        if (Files.exists(runbookClass)) {
            throw new ConfigurationException(runbookClass + " exists already: the scaffold writes new runbooks only.");
        }
        List<Path> sqlFiles = new ArrayList<>();
        StringBuilder steps = new StringBuilder();
        String preChecks = null;
        String postChecks = null;
        StringBuilder rehearsal = new StringBuilder("\"" + id + "/standin\"");
        boolean wrote = false;
        for (RunbookDocument.Section section : doc.numberedSections()) {
            String key = section.key();
            String number = key.replaceFirst("^Step\\s+", "");
            String title = section.title().substring(key.length()).replaceFirst("^[.:)]?\\s*", "");
            String display = (number + " " + title).replace("\\", "\\\\").replace("\"", "\\\"");
            String method = "section" + number.replace('.', '_');
            List<RunbookDocument.SqlBlock> blocks = doc.sql(key);
            String sql = String.join(
                    "\n", blocks.stream().map(RunbookDocument.SqlBlock::sql).toList());
            List<Statements.Statement> statements = Statements.of(key, sql);
            boolean reads = !statements.isEmpty()
                    && statements.stream()
                            .allMatch(
                                    s -> s.sql().strip().matches("(?is)(SELECT|WITH|SHOW|EXPLAIN|TABLE|VALUES)\\b.*"));
            boolean rollback = title.toLowerCase(Locale.ROOT).contains("rollback")
                    || title.toLowerCase(Locale.ROOT).contains("roll back");
            steps.append("\n    @Test\n");
            if (statements.isEmpty()) {
                steps.append("    @DisplayName(\"")
                        .append(display)
                        .append("\")\n    void ")
                        .append(method)
                        .append("() {\n")
                        .append("        Assumptions.abort(\"A step for a person: the document gives no SQL for ")
                        .append(display)
                        .append(".\");\n    }\n");
                continue;
            }
            if (reads) {
                if (!wrote) {
                    steps.append("    @Deploys\n");
                    preChecks = preChecks == null ? key : preChecks;
                } else if (!rollback) {
                    postChecks = postChecks == null ? key : postChecks;
                }
                steps.append("    @DisplayName(\"")
                        .append(display)
                        .append("\")\n    void ")
                        .append(method)
                        .append("() {\n")
                        .append("        runbook.checkDocumentSql(\"")
                        .append(key)
                        .append("\");\n    }\n");
                continue;
            }
            String file = number + "_"
                    + title.toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "_")
                            .replaceAll("^_|_$", "") + ".sql";
            sqlFiles.add(write(
                    sqlDir.resolve(file),
                    "-- " + doc.file().getFileName() + " §" + key + " " + title + ", as the document writes it.\n"
                            + "-- Run by hand: psql -v ON_ERROR_STOP=1 -f " + file + "\n" + sql));
            boolean batched =
                    statements.size() == 1 && statements.get(0).sql().matches("(?is)(UPDATE|DELETE)\\b.*\\bLIMIT\\b.*");
            if (rollback) {
                steps.append(
                        "    @OnlyIn(value = \"local\", reason = \"a rollback drill; on staging it would undo the deploy being verified\")\n");
            } else {
                steps.append("    @Deploys\n");
                wrote = true;
            }
            steps.append("    @DisplayName(\"")
                    .append(display)
                    .append("\")\n    void ")
                    .append(method)
                    .append("() {\n");
            if (batched) {
                steps.append("        runbook.backfillInBatches(\"")
                        .append(id)
                        .append('/')
                        .append(file)
                        .append("\");\n");
            } else if (!rollback) {
                // Judged first on a copy of the schema: locally the stand-in and the earlier migrations, elsewhere the
                // target's.
                String relative = id + "/" + file;
                steps.append("        runbook.safetyGate().rehearsing(" + rehearsal + ")\n")
                        .append("                .appliedWithPsql().requirePass(\"" + relative + "\");\n")
                        .append("        runbook.psql(\"" + relative + "\");\n");
                rehearsal.append(", \"").append(relative).append('"');
            } else {
                steps.append("        runbook.psql(\"")
                        .append(id)
                        .append('/')
                        .append(file)
                        .append("\");\n");
            }
            if (rollback) {
                // Rolled back: the schema and every row as the deploy found them, and the document's pre-checks hold.
                steps.append("        runbook.checkRolledBack();\n");
                if (preChecks != null) {
                    steps.append("        runbook.checkDocumentSql(\"")
                            .append(preChecks)
                            .append("\");\n");
                }
            }
            steps.append("    }\n");
        }
        copy(document, sqlDir.resolve("document").resolve(document.getFileName()));
        write(
                sqlDir.resolve("standin/README.md"),
                "The local stand-in: `.sql` files run in name order on a fresh database before the runbook"
                        + " (env=local only), building the state the document starts from.\n");
        String header = "package runbooks." + id + ";\n\n";
        write(
                runbookClass,
                header
                        + """
                import org.junit.jupiter.api.Assumptions;
                import org.junit.jupiter.api.DisplayName;
                import org.junit.jupiter.api.Test;
                import runbooks.kit.junit.Deploys;
                import runbooks.kit.junit.LocalStandIn;
                import runbooks.kit.junit.OnlyIn;
                import runbooks.kit.junit.Runbook;
                import runbooks.kit.junit.RunbookContext;

                /** %s (%s): one step per numbered section. Written by the scaffold; finish it by hand. */
                @Runbook(id = "%s", document = "%s", documentSha256 = "%s")
                class %sRunbookIT {

                    private final RunbookContext runbook;

                    %sRunbookIT(RunbookContext runbook) {
                        this.runbook = runbook;
                %s    }

                    @Test
                    @LocalStandIn
                    @DisplayName("00 Local stand-in: sql/%s/standin/")
                    void localStandIn() {
                        runbook.psqlAll("%s/standin");
                    }

                """.formatted(
                                        doc.sections().isEmpty()
                                                ? id
                                                : doc.sections().get(0).title(),
                                        document.getFileName(),
                                        id,
                                        document.getFileName(),
                                        doc.sha256(),
                                        name,
                                        name,
                                        preChecks != null && postChecks != null
                                                ? "        // Read off the proved target before the first step that writes: deploy (§"
                                                        + preChecks
                                                        + " holds), verify (§" + postChecks + " holds) or stop.\n"
                                                        + "        runbook.readsDeployStateFromDocument(\"" + preChecks
                                                        + "\", \"" + postChecks + "\");\n"
                                                : "",
                                        id,
                                        id)
                        + steps + "}\n");
        Path drillsClass = javaDir.resolve(name + "DrillsTest.java");
        write(drillsClass, header + """
                import static org.assertj.core.api.Assertions.assertThat;

                import org.junit.jupiter.api.Disabled;
                import org.junit.jupiter.api.DisplayName;
                import org.junit.jupiter.api.Test;
                import runbooks.kit.junit.Drill;
                import runbooks.kit.junit.DrillsFor;

                /** Each step of %sRunbookIT fails on exactly the defect it exists to catch: one drill per step. */
                @DrillsFor(%sRunbookIT.class)
                class %sDrillsTest {

                    @Test
                    @Disabled("write the defect first: diff -u sql/%s/<file> <defective copy> > src/test/resources/drills/%s/<defect>/%s/<file>.patch")
                    @DisplayName("<section> fails when <the defect>")
                    void should_fail_when_the_defect_is_there() {
                        assertThat(Drill.of(%sRunbookIT.class).overlay("%s/<defect>").failsAt("<section>")).contains("<what the failure names>");
                    }
                }
                """.formatted(name, name, name, id, id, id, name, id));
        return new Written(
                project.relativize(runbookClass),
                project.relativize(drillsClass),
                sqlFiles.stream().map(project::relativize).toList(),
                List.of(
                        "expect." + id + ".database=<the database this runbook deploys to>",
                        id + ".database=${" + id.toUpperCase(Locale.ROOT) + "_DATABASE:-<database>}",
                        id + ".promotion.record=<in production.properties: the staging run's record>"));
    }

    private static String camel(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + from + " to " + to, e);
        }
    }
}
