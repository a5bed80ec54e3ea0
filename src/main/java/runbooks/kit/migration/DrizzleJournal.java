package runbooks.kit.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import runbooks.kit.env.ConfigurationException;

/** A Drizzle migrations folder's {@code meta/_journal.json}: the entries drizzle's migrator applies, in order. */
final class DrizzleJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One journal entry: its tag ({@code 0003_name}), its {@code when} (ms) and its {@code <tag>.sql}. */
    record Entry(String tag, long when, Path file) {}

    private DrizzleJournal() {}

    /** The journal's entries, checked: readable JSON, PostgreSQL, each file present, {@code when} strictly increasing. */
    static List<Entry> read(Path folder) {
        Path journal = folder.resolve("meta/_journal.json");
        if (!Files.isRegularFile(journal)) {
            throw new ConfigurationException("The Drizzle migrations folder " + folder + " has no meta/_journal.json.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(journal.toFile());
        } catch (IOException e) {
            throw new ConfigurationException(journal + " is not valid JSON ("
                    + String.valueOf(e.getMessage()).split("\n")[0] + ").");
        }
        // Older drizzle-kit journals say "pg"; drizzle's migrator never reads the word, so both are PostgreSQL.
        if (!java.util.Set.of("postgresql", "pg").contains(root.path("dialect").asText())
                || !root.path("entries").isArray()) {
            throw new ConfigurationException(
                    journal + " is not a PostgreSQL Drizzle journal: it needs \"dialect\": \"postgresql\" (or the older"
                            + " \"pg\") and an \"entries\" array.");
        }
        List<Entry> entries = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (JsonNode e : root.path("entries")) {
            if (!e.path("tag").isTextual() || !e.path("when").canConvertToLong()) {
                throw new ConfigurationException(journal + " has an entry without a tag or a numeric when: " + e + ".");
            }
            Entry entry = new Entry(
                    e.path("tag").asText(),
                    e.path("when").asLong(),
                    folder.resolve(e.path("tag").asText() + ".sql"));
            if (!Files.isRegularFile(entry.file())) {
                throw new ConfigurationException(
                        journal + " names " + entry.tag() + ", but " + entry.file() + " does not exist.");
            }
            if (entry.when() <= previous) {
                throw new ConfigurationException(
                        journal + ": entry " + entry.tag() + " has when " + entry.when()
                                + ", not after the entry before it: drizzle migrate applies only entries newer than the newest it recorded, so on a"
                                + " database that has the entry before it, it would skip this one silently; give it a later when.");
            }
            previous = entry.when();
            entries.add(entry);
        }
        return entries;
    }
}
