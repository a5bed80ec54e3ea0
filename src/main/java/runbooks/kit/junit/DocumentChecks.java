package runbooks.kit.junit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;
import runbooks.kit.data.Rows;
import runbooks.kit.document.Expected;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.Statements;

/**
 * A section's own SQL, run as the document writes it ({@link RunbookContext#checkDocumentSql}): every fenced {@code sql}
 * block of the section, statement by statement, each on the target's read-only session with the check timeout, every
 * result attached under the document's numbering. psql variables ({@code :name}, {@code :'name'}) take the values
 * given. Each {@code -- Expected:} line below a statement is asserted where it has a machine-readable form
 * ({@link Expected}); the others are listed as checks for a person, marked skipped in the report, never as passed.
 * When the class pins the document's sha256 ({@link Runbook#documentSha256}) and the document has changed, the run says
 * so first, with the diff against the pinned copy {@code sql/<id>/document/<file>} where there is one.
 */
final class DocumentChecks {

    private static final Pattern EXPECTED = Pattern.compile("(?i)^\\s*--\\s*expected\\b.*");
    private static final Pattern VARIABLE = Pattern.compile("(?<![:\\w]):(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");

    private final RunConfiguration run;
    private final RunTarget target;
    private final DeclaredRunbook declared;
    private RunbookDocument document;

    DocumentChecks(RunConfiguration run, RunTarget target, DeclaredRunbook declared) {
        this.run = run;
        this.target = target;
        this.declared = declared;
    }

    /** The runbook's document, read once and checked against its pinned sha256. */
    synchronized RunbookDocument document() {
        if (document == null) {
            document = document(run.basedir(), run.documents(), declared);
        }
        return document;
    }

    void check(String section, Map<String, String> variables) {
        run(target, document(), section, variables);
    }

    /** The document this runbook implements, checked against the sha256 its class pins. */
    static RunbookDocument document(Path basedir, Path dir, DeclaredRunbook annotation) {
        Path copy = basedir.resolve("sql")
                .resolve(annotation.firstSqlFolder())
                .resolve("document")
                .resolve(annotation.document());
        Path file = dir.resolve(annotation.document());
        if (!Files.isRegularFile(file)
                && Files.isRegularFile(copy)
                && !annotation.documentSha256().isEmpty()) {
            // Where the documents' folder is not there (a CI runner with this repository alone): the pinned copy, the
            // text the class was written against, said so in the report.
            Evidence.text("runbook document", file + " is not there: the pinned copy " + copy + " is run instead");
            file = copy;
        }
        RunbookDocument doc = RunbookDocument.read(file);
        String pinned = annotation.documentSha256();
        if (!pinned.isEmpty() && !pinned.equals(doc.sha256())) {
            String diff = "";
            if (Files.isRegularFile(copy)) {
                try {
                    List<String> was = Files.readAllLines(copy);
                    List<String> now = doc.text().lines().toList();
                    diff = String.join(
                            "\n",
                            UnifiedDiffUtils.generateUnifiedDiff(
                                    copy.toString(), doc.file().toString(), was, DiffUtils.diff(was, now), 2));
                    Evidence.text("document changed since the runbook class was written", diff);
                } catch (java.io.IOException e) {
                    diff = "(the pinned copy " + copy + " could not be read: " + e.getMessage() + ")";
                }
            }
            throw new AssertionFailedError("The runbook document " + doc.file()
                    + " has changed since this class was written against it (pinned"
                    + " sha256 " + pinned + ", now " + doc.sha256()
                    + "): its checks may no longer be what the document says. Review the"
                    + " change, update the class, then its documentSha256" + (diff.isEmpty() ? "." : ":\n" + diff));
        }
        return doc;
    }

    static void run(RunTarget target, RunbookDocument doc, String section, Map<String, String> variables) {
        List<String> wrong = evaluate(target, doc, section, variables, true);
        if (!wrong.isEmpty()) {
            throw new AssertionFailedError("§" + section + " of " + doc.file().getFileName()
                    + ", run as written, is not as the document expects:\n" + String.join("\n", wrong));
        }
    }

    /**
     * A target's deploy state by the document's own checks: §{@code before} (the pre-checks) as expected, the deploy has
     * not started; else §{@code after} (the checks after the deploy) as expected, it is complete; else it is part-way or
     * not the database the document describes, and a DBA decides. Read-only, nothing attached.
     */
    DeployState deployState(String before, String after) {
        List<String> pre = mismatches(before);
        if (pre.isEmpty()) {
            return DeployState.notStarted("§" + before + " of the document holds as it expects before the deploy");
        }
        List<String> post = mismatches(after);
        if (post.isEmpty()) {
            return DeployState.complete("§" + after + " of the document holds as it expects after the deploy (§"
                    + before + " no longer: " + String.join("; ", pre) + ")");
        }
        return DeployState.partial("the target is neither as the document's §" + before + " expects before the deploy ("
                + String.join("; ", pre) + ") nor as its §" + after + " expects after it (" + String.join("; ", post)
                + "): the deploy stopped part-way, or this is not the database the document describes; a DBA decides"
                + " before any re-run.");
    }

    /** The section's Expected lines the target misses, read quietly; a statement the server refuses is one of them. */
    private List<String> mismatches(String section) {
        try {
            return Evidence.quietly(() -> evaluate(target, document(), section, Map.of(), false));
        } catch (runbooks.kit.database.SqlFailure e) {
            return List.of("§" + section + ": " + e.getMessage());
        }
    }

    /** Runs the section's statements; the Expected lines they miss. With {@code attach}, each result in the report. */
    private static List<String> evaluate(
            RunTarget target, RunbookDocument doc, String section, Map<String, String> variables, boolean attach) {
        List<RunbookDocument.SqlBlock> blocks = doc.sql(section);
        if (blocks.isEmpty()) {
            throw new ConfigurationException(
                    doc.file().getFileName() + " section " + section + " has no ```sql block to run.");
        }
        List<String> wrong = new ArrayList<>();
        List<String> human = new ArrayList<>();
        StringBuilder table = new StringBuilder("| § | statement | expected | result |\n|---|---|---|---|\n");
        int n = 0;
        for (RunbookDocument.SqlBlock block : blocks) {
            List<Statements.Statement> statements =
                    Statements.of(doc.file().getFileName() + " §" + section, block.sql());
            List<String> lines = block.sql().lines().toList();
            for (int i = 0; i < statements.size(); i++) {
                Statements.Statement st = statements.get(i);
                int from = st.line();
                int to = i + 1 < statements.size() ? statements.get(i + 1).line() : lines.size() + 1;
                String sql = substitute(st.sql(), variables, doc, section);
                String label = "§" + section + " statement " + (++n) + " (line " + (block.line() + st.line() - 1) + ")";
                Rows rows = target.get().readOnly(c -> {
                    try (java.sql.Statement s = c.createStatement()) {
                        return s.execute(sql) ? Rows.read(label, s.getResultSet()) : Rows.empty(label);
                    }
                });
                if (attach) {
                    Evidence.text(label, sql + "\n\n" + rows.toText(50));
                }
                // An Expected line stands below the statement it is about, before the next one (in the next one's
                // leading comments).
                List<Expected> expected = new ArrayList<>();
                for (int l = from; l < to && l <= lines.size(); l++) {
                    if (EXPECTED.matcher(lines.get(l - 1)).matches()
                            && !st.sql().contains(lines.get(l - 1).strip())) {
                        expected.add(Expected.parse(lines.get(l - 1)));
                    }
                }
                for (Expected e : expected) {
                    String verdict;
                    if (e.kind() == Expected.Kind.HUMAN) {
                        human.add(label + ": " + e.text());
                        if (attach) {
                            humanCheck(label + ": " + e.text());
                        }
                        verdict = "for a person to check";
                    } else {
                        verdict = e.mismatch(rows)
                                .map(m -> {
                                    wrong.add(label + ": " + m);
                                    return "**not as expected**: "
                                            + m.lines().findFirst().orElse("");
                                })
                                .orElse("as expected");
                    }
                    table.append("| ")
                            .append(section)
                            .append(" | ")
                            .append(st.summary().replace("|", "\\|"))
                            .append(" | ")
                            .append(e.text().replace("|", "\\|"))
                            .append(" | ")
                            .append(verdict.replace("|", "\\|"))
                            .append(" |\n");
                }
            }
        }
        if (attach) {
            Evidence.text("§" + section + " as the document writes it", table.toString());
            if (!human.isEmpty()) {
                Evidence.text(
                        "§" + section + " checks for a person (not passed by the suite)", String.join("\n", human));
            }
        }
        return wrong;
    }

    private static String substitute(String sql, Map<String, String> variables, RunbookDocument doc, String section) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(2));
            if (value == null) {
                throw new ConfigurationException(
                        doc.file().getFileName() + " §" + section + " uses the psql variable :" + m.group(2)
                                + ", which has no value: pass it to checkDocumentSql (from a setting or a value an earlier step recorded).");
            }
            String replacement = m.group(1).equals("'")
                    ? "'" + value.replace("'", "''") + "'"
                    : m.group(1).equals("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A step in the report for a person to check, marked skipped: the suite does not pass it. */
    private static void humanCheck(String what) {
        String uuid = UUID.randomUUID().toString();
        Allure.getLifecycle()
                .startStep(
                        uuid,
                        new StepResult()
                                .setName("for a person to check: " + what)
                                .setStatus(Status.SKIPPED));
        Allure.getLifecycle().stopStep(uuid);
    }
}
