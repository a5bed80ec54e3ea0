package runbooks.kit.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;
import runbooks.kit.backup.PgClient;
import runbooks.kit.database.Target;
import runbooks.kit.document.DocumentSections;
import runbooks.kit.document.PsqlOutput;
import runbooks.kit.document.PsqlSession;
import runbooks.kit.evidence.Evidence;

/**
 * Checks as a document writes them, run by psql itself, read-only, with the check timeout: a numbered section of the
 * runbook's document ({@link RunbookContext#checkDocumentSection}), or a {@code .sql} file of checks with the same
 * {@code -- Expected} forms ({@link RunbookContext#checkSql}). Every expectation with a machine-readable form is
 * asserted ({@link runbooks.kit.document.Check}: values, psql's aligned output, row counts, comparisons, JSON); what
 * only a person can check is attached as such, never passed.
 */
final class SectionChecks {

    private SectionChecks() {}

    /** The document's section {@code number} ("2", "5.1"): its psql sessions, each expectation asserted. */
    static void section(RunbookContext run, String number) {
        String text = run.runbookDocument().text();
        // Only the section's own SQL runs here; the files its commands apply are the runbook class's to run.
        DocumentSections.Section section = DocumentSections.read(text, f -> "").stream()
                .filter(s -> s.number().equals(number))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        run.runbookDocument().file().getFileName() + " has no section numbered " + number + "."));
        check(run, "§" + section.name(), section);
    }

    /** A file of checks under {@code sql/}, read as a document section holding it as one {@code sql} block. */
    static void file(RunbookContext run, String relative) {
        String markdown =
                "## 1. " + relative + "\n\n```sql\n" + run.sql(relative).text() + "\n```\n";
        check(run, relative, DocumentSections.read(markdown, f -> "").get(0));
    }

    private static void check(RunbookContext run, String name, DocumentSections.Section section) {
        Target target = run.target();
        PgClient pg = PgClient.find(
                run.setting(Settings.PG_BIN).filter(s -> !s.isBlank()), target.serverVersionNum() / 10000);
        Target.Timeouts t = target.timeouts();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("statement_timeout", t.check().toMillis() + "ms");
        settings.put("lock_timeout", t.lock().toMillis() + "ms");
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!section.forPerson().isEmpty()) {
            Evidence.text(
                    name + ": checks for a person (not passed by the suite)", String.join("\n", section.forPerson()));
        }
        for (DocumentSections.Unit unit : section.units()) {
            if (unit.tool() != null
                    || unit.file() != null
                    || unit.chunks().stream().noneMatch(DocumentSections.Chunk::isCheck)) {
                continue;
            }
            PsqlSession.Run result = PsqlSession.run(
                    new PsqlSession.Client(pg.psql(), target.spec()),
                    unit,
                    true,
                    variables,
                    settings,
                    t.check().multipliedBy(unit.chunks().size() + 1L),
                    run.workDir().resolve("psql"));
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
