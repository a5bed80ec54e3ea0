package runbooks.kit.document;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import runbooks.kit.env.ConfigurationException;

/**
 * The small declaration beside a runbook document, {@code sql/<id>/runbook.yaml}; every field has a default, so an empty
 * file declares a runbook whose document is {@code runbook.md} and whose local pre-deploy state is built from
 * {@code standin/}.
 *
 * <pre>
 * document: runbook.md        # the document, in this folder
 * tool: drizzle                # the team's migration tool (prisma, drizzle, flyway): its migrate and status commands
 * migrations: drizzle         #   run through its journal, on this folder
 * stand_in_applied: 0000_init #   the migrations the stand-in holds, applied through the journal
 * stand_in: standin           # .sql files that build the state the document starts from, on env=local
 * variables: { batch: 1000 }  # psql -v bindings (the document's :batch)
 * rollback: "7"               # run on env=local only, then compared with the state before the deploy
 * environments:               # what the environment files would say of this runbook; they win where they do
 *   staging: { expect.database: billing }   # expect.<id>.database; database defaults to ${STAGING_<ID>_DATABASE}
 * sections:                   # where the document is silent or wrong
 *   "4": { writes: true }
 *   "6": { replace: "max(booked)", with: "max(booked_at)", reason: "the column is booked_at" }
 * drills:                     # one defect each, and the section that must catch it
 *   - { name: index missing, fails_at: "3", file: migrations/002.sql, replace: "CREATE INDEX", with: "-- CREATE INDEX" }
 *   - { name: a row without amount, fails_at: "1", stand_in_sql: "INSERT INTO invoices (amount_cents) VALUES (NULL)" }
 * </pre>
 */
public record Declaration(
        String document,
        String tool,
        String migrations,
        String standInApplied,
        String standIn,
        Map<String, String> variables,
        String rollback,
        Map<String, Map<String, String>> environments,
        Map<String, SectionOverride> sections,
        List<DrillSpec> drills) {

    public static final String FILE = "runbook.yaml";

    /**
     * Where the document is silent or wrong about a section: whether it writes; a correction of its text ({@code replace}
     * becomes {@code with}) with the {@code reason}, reported as a runbook document defect at that section.
     */
    public record SectionOverride(Boolean writes, String replace, String with, String reason) {}

    /** The document's text with the declared corrections made; a correction whose text is not there is refused. */
    public String corrected(String document) {
        String text = document;
        for (var entry : Optional.ofNullable(sections).orElse(Map.of()).entrySet()) {
            SectionOverride o = entry.getValue();
            if (o.replace() == null) {
                continue;
            }
            if (!text.contains(o.replace())) {
                throw new ConfigurationException(FILE + " corrects §" + entry.getKey() + " by replacing text the"
                        + " document does not hold (" + o.replace() + "): the document changed; update or remove the"
                        + " correction.");
            }
            text = text.replace(o.replace(), o.with() == null ? "" : o.with());
        }
        return text;
    }

    /**
     * Refuses, in one sentence, a declaration that names a section the document does not have (its {@code rollback}, a
     * {@code sections} key, a drill's {@code fails_at}), or corrects a section without saying why.
     */
    public void requireSectionsOf(List<DocumentSections.Section> read) {
        List<String> numbers =
                read.stream().map(DocumentSections.Section::number).toList();
        List<String> unknown = new ArrayList<>();
        if (rollback != null && !numbers.contains(rollback)) {
            unknown.add("rollback: \"" + rollback + "\"");
        }
        Optional.ofNullable(sections).orElse(Map.of()).keySet().stream()
                .filter(k -> !numbers.contains(k))
                .forEach(k -> unknown.add("sections: \"" + k + "\""));
        drillList().stream()
                .filter(d -> d.failsAt() != null && !numbers.contains(d.failsAt()))
                .forEach(d -> unknown.add("drill '" + d.name() + "' fails_at: \"" + d.failsAt() + "\""));
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(FILE + " names sections the document does not have ("
                    + String.join(", ", unknown)
                    + "): its sections are "
                    + String.join(
                            ", ", numbers.stream().map(n -> "\"" + n + "\"").toList())
                    + " (a numbered heading's number, or an unnumbered heading's title).");
        }
        Optional.ofNullable(sections).orElse(Map.of()).forEach((k, o) -> {
            if (o.replace() != null && (o.reason() == null || o.reason().isBlank())) {
                throw new ConfigurationException(FILE + " corrects §" + k + " without a reason: add reason: \"<what the"
                        + " document gets wrong>\", which the report gives as a runbook document defect at that step.");
            }
        });
    }

    /** The runbook document defect declared for a section, if any: its reason and the correction the suite ran. */
    public Optional<String> defect(DocumentSections.Section section) {
        return Optional.ofNullable(sections)
                .map(s -> s.get(section.number()))
                .filter(o -> o.reason() != null)
                .map(o -> o.reason()
                        + (o.replace() == null
                                ? ""
                                : " (the suite ran `" + o.with() + "` in place of `" + o.replace() + "`)"));
    }

    /** One defect: a text replaced in one of the runbook's files, or SQL added to its stand-in; and where it is caught. */
    public record DrillSpec(String name, String failsAt, String file, String replace, String with, String standInSql) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public static Declaration read(Path file) {
        String fields = "document, tool, migrations, stand_in_applied, stand_in, variables, rollback, environments,"
                + " sections, drills";
        try {
            Declaration d = YAML.readValue(file.toFile(), Declaration.class);
            return d == null ? empty() : d;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new ConfigurationException(file + " line " + lineOf(file, e.getPropertyName(), line(e))
                    + " has an unknown field '" + e.getPropertyName()
                    + "'; a declaration has " + fields + " (docs/documents.md).");
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().contains("No content")) {
                return empty();
            }
            throw new ConfigurationException(file + " line " + line(e) + " is malformed at '" + path(e) + "' ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "); a declaration has " + fields
                    + " (docs/documents.md).");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigurationException(file + " line " + line(e) + " is not YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "); fix that line.");
        } catch (IOException e) {
            throw new ConfigurationException(file + " could not be read: " + e.getMessage());
        }
    }

    /** The first line writing {@code field:} (the parser's location is past it), else the parser's. */
    private static int lineOf(Path file, String field, int parserLine) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            java.util.regex.Pattern written =
                    java.util.regex.Pattern.compile("(^|[\\s{,-])" + java.util.regex.Pattern.quote(field) + "\\s*:");
            for (int i = 0; i < lines.size(); i++) {
                if (written.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // the parser's line, then
        }
        return parserLine;
    }

    private static int line(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        return String.join(
                ".",
                e.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + (r.getIndex() + 1) + "]")
                        .toList());
    }

    private static Declaration empty() {
        return new Declaration(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The environment keys this runbook's folder gives {@code env} (the environment file wins): {@code <id>.database}
     * from the variable {@code <ENV>_<ID>_DATABASE} unless declared, and what {@code environments.<env>} declares,
     * {@code expect.*} keys as {@code expect.<id>.*}, the others as {@code <id>.<key>}.
     */
    public Map<String, String> environmentKeys(String id, String env) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        if (!env.equals("local")) {
            keys.put(
                    id + ".database", "${" + (env + "_" + id + "_DATABASE").toUpperCase(java.util.Locale.ROOT) + ":-}");
        }
        Optional.ofNullable(environments)
                .map(e -> e.get(env))
                .ifPresent(declared -> declared.forEach((k, v) -> keys.put(
                        k.startsWith("expect.") ? "expect." + id + "." + k.substring("expect.".length()) : id + "." + k,
                        v)));
        return keys;
    }

    public String documentFile() {
        return document == null ? "runbook.md" : document;
    }

    public String standInFolder() {
        return standIn == null ? "standin" : standIn;
    }

    public Map<String, String> bindings() {
        return variables == null ? Map.of() : variables;
    }

    public List<DrillSpec> drillList() {
        return drills == null ? List.of() : drills;
    }

    /** Whether a section writes: as declared, else as its statements show ({@link DocumentSections.Section#writes}). */
    public boolean writes(DocumentSections.Section section) {
        return Optional.ofNullable(sections)
                .map(s -> s.get(section.number()))
                .map(SectionOverride::writes)
                .orElse(section.writes());
    }

    /** The rollback section: as declared, else the one whose title says rollback. */
    public boolean isRollback(DocumentSections.Section section) {
        return rollback != null
                ? rollback.equals(section.number())
                : section.title().toLowerCase(java.util.Locale.ROOT).matches(".*\\broll ?back\\b.*");
    }
}
