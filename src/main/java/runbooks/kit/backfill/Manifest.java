package runbooks.kit.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import runbooks.kit.env.ConfigurationException;

/**
 * What a backfill run did, chunk by chunk; written as JSON under {@code target/}, and the input of a
 * retry, which reruns only the chunks that did not succeed. While the run goes on, each chunk is appended
 * to a JSON Lines twin ({@code manifest-….jsonl}: the run on the first line, then one chunk per line), so
 * a run cut off leaves its record too, and a retry reads either.
 *
 * @param retriedFrom the manifest a retry started from, or null for a full run
 */
public record Manifest(
        String runbook,
        Instant startedAt,
        Instant finishedAt,
        String from,
        String to,
        String retriedFrom,
        List<Chunk> chunks) {

    public enum Status {
        SUCCEEDED,
        PARTIAL,
        FAILED
    }

    /**
     * One month of one derived table.
     *
     * @param uncoveredSourceRows source rows in the chunk that no derived bar covers after the run (0 when complete)
     */
    public record Chunk(
            String table,
            String start,
            String end,
            Status status,
            long inserted,
            long updated,
            long sourceRows,
            long uncoveredSourceRows,
            String error,
            long millis) {

        public boolean succeeded() {
            return status == Status.SUCCEEDED;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper LINES = JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

    public long inserted() {
        return chunks.stream().mapToLong(Chunk::inserted).sum();
    }

    public long updated() {
        return chunks.stream().mapToLong(Chunk::updated).sum();
    }

    public List<Chunk> notSucceeded() {
        return chunks.stream().filter(c -> !c.succeeded()).toList();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the backfill manifest " + file, e);
        }
    }

    public static Manifest read(Path file) {
        try {
            if (!file.getFileName().toString().endsWith(".jsonl")) {
                return JSON.readValue(file.toFile(), Manifest.class);
            }
            List<String> lines =
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IOException("the file is empty");
            }
            Manifest run = LINES.readValue(lines.get(0), Manifest.class);
            List<Chunk> chunks = new java.util.ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                chunks.add(LINES.readValue(line, Chunk.class));
            }
            return new Manifest(
                    run.runbook(), run.startedAt(), null, run.from(), run.to(), run.retriedFrom(), List.copyOf(chunks));
        } catch (IOException e) {
            throw new ConfigurationException("The backfill manifest " + file + " cannot be read ("
                    + e.getMessage().split("\n")[0]
                    + "); pass the manifest.json a backfill run wrote (or, of a run cut off, its manifest.jsonl).");
        }
    }

    /** Opens the JSON Lines record of a run that starts now: {@code run} (without chunks) on the first line. */
    static Journal journal(Path file, Manifest run) {
        try {
            Files.createDirectories(file.getParent());
            java.io.BufferedWriter out = Files.newBufferedWriter(file);
            Journal journal = new Journal(file, out);
            journal.line(run);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the backfill manifest " + file, e);
        }
    }

    /** Appends one line per finished chunk, flushed at once (no rewriting: a long backfill has tens of thousands). */
    static final class Journal implements AutoCloseable {
        private final Path file;
        private final java.io.BufferedWriter out;

        private Journal(Path file, java.io.BufferedWriter out) {
            this.file = file;
            this.out = out;
        }

        synchronized void append(Chunk chunk) {
            line(chunk);
        }

        private synchronized void line(Object value) {
            try {
                out.write(LINES.writeValueAsString(value));
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the backfill manifest " + file, e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the backfill manifest " + file, e);
            }
        }
    }
}
