package runbooks.kit.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;
import runbooks.kit.database.Target;
import runbooks.kit.database.Timeouts;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.document.PsqlOutput;
import runbooks.kit.document.PsqlSession;
import runbooks.kit.document.RunbookDocument;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.SqlFile;

/**
 * Checks as a document writes them, run by psql itself, read-only, with the check timeout: a numbered section of the
 * runbook's document ({@link RunbookContext#checkDocumentSection}), or a {@code .sql} file of checks with the same
 * {@code -- Expected} forms ({@link RunbookContext#checkSql}). Every expectation with a machine-readable form is
 * asserted ({@link runbooks.kit.document.Check}: values, psql's aligned output, row counts, comparisons, JSON); what
 * only a person can check is attached as such, never passed.
 */
final class SectionChecks {

    private SectionChecks() {}

    /** The document's section {@code number} ("2", "5.1"), as a document runbook numbers it. */
    static DocumentSections.Section section(RunbookDocument document, String number) {
        // Only the section's own SQL runs here; the files its commands apply are the runbook class's to run.
        return DocumentSections.read(document.text(), f -> "").stream()
                .filter(s -> s.number().equals(number))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        document.file().getFileName() + " has no section numbered " + number + "."));
    }

    /** A file of checks ({@code sql/<relative>}), read as a section holding it as one {@code sql} block. */
    static DocumentSections.Section file(SqlFile file) {
        String markdown = "## 1. " + file.name() + "\n\n```sql\n" + file.text() + "\n```\n";
        return DocumentSections.read(markdown, f -> "").get(0);
    }

    /** Runs the section's checks on {@code target} with {@code psql}, read-only, {@code variables} bound; fails naming each mismatch. */
    static void check(
            Target target,
            Path psql,
            Path workDir,
            String name,
            DocumentSections.Section section,
            Map<String, String> variables) {
        Timeouts t = target.timeouts();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("statement_timeout", t.check().toMillis() + "ms");
        settings.put("lock_timeout", t.lock().toMillis() + "ms");
        variables = new LinkedHashMap<>(variables);
        List<String> problems = new ArrayList<>();
        if (!section.forPerson().isEmpty()) {
            Evidence.text(
                    name + ": checks for a person (not passed by the suite)", String.join("\n", section.forPerson()));
        }
        if (section.units().stream()
                .filter(u -> u.tool() == null && u.file() == null)
                .flatMap(u -> u.chunks().stream())
                .noneMatch(DocumentSections.Chunk::isCheck)) {
            throw new AssertionFailedError(name + " holds no expectation the suite reads, so it would pass without"
                    + " checking anything: under each query write one, e.g. `-- Expected: 0`, `-- Expected: 0 rows`,"
                    + " or `-- Expected:` followed by psql's output as `--` lines (docs/documents.md lists every form)"
                    + (section.forPerson().isEmpty()
                            ? "."
                            : "; these were read as checks for a person: " + String.join(" / ", section.forPerson())
                                    + "."));
        }
        for (DocumentSections.Unit unit : section.units()) {
            if (unit.tool() != null
                    || unit.file() != null
                    || unit.chunks().stream().noneMatch(DocumentSections.Chunk::isCheck)) {
                continue;
            }
            PsqlSession.Run result = PsqlSession.run(
                    new PsqlSession.Client(psql, target.spec()),
                    unit,
                    true,
                    variables,
                    settings,
                    t.check().multipliedBy(unit.chunks().size() + 1L),
                    workDir.resolve("psql"));
            variables.putAll(result.variables());
            Evidence.sql(
                    name,
                    unit.chunks().stream().map(DocumentSections.Chunk::sql).reduce("", String::concat));
            StringBuilder transcript = new StringBuilder();
            result.outputs().forEach(o -> transcript.append(o.transcript()).append("\n---\n"));
            Evidence.text(
                    "psql output",
                    transcript.append("exit ").append(result.exit()).toString());
            for (int i = 0; i < unit.chunks().size(); i++) {
                DocumentSections.Chunk chunk = unit.chunks().get(i);
                if (!chunk.isCheck()) {
                    continue;
                }
                if (i >= result.outputs().size()) {
                    problems.add("psql stopped before " + first(chunk) + ": " + result.stderr());
                    break;
                }
                PsqlOutput out = result.outputs().get(i);
                if (!out.failures().isEmpty()) {
                    problems.add(first(chunk) + " failed: " + out.failures().get(0));
                    continue;
                }
                chunk.check()
                        .resolved(variables)
                        .mismatch(out)
                        .ifPresent(m -> problems.add(first(chunk) + "\n  expected: "
                                + chunk.check().text() + "\n  actual (database): " + m));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(
                    name + ", run as written, is not as it expects:\n- " + String.join("\n- ", problems));
        }
    }

    private static String first(DocumentSections.Chunk chunk) {
        return chunk.sql()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("--") && !l.startsWith("\\"))
                .findFirst()
                .map(l -> "`" + (l.length() > 90 ? l.substring(0, 90) + "…" : l) + "`")
                .orElse("the statements");
    }
}
