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
 * retry, which reruns only the chunks that did not succeed.
 *
 * @param retriedFrom the manifest a retry started from, or null for a full run
 */
public record Manifest(String runbook, Instant startedAt, Instant finishedAt, String from, String to, String retriedFrom,
        List<Chunk> chunks) {

    public enum Status { SUCCEEDED, PARTIAL, FAILED }

    /**
     * One month of one derived table.
     *
     * @param uncoveredSourceRows source rows in the chunk that no derived bar covers after the run (0 when complete)
     */
    public record Chunk(String table, String start, String end, Status status, long inserted, long updated, long sourceRows,
            long uncoveredSourceRows, String error, long millis) {

        public boolean succeeded() {
            return status == Status.SUCCEEDED;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new ConfigurationException("The backfill manifest " + file + " cannot be read (" + e.getMessage().split("\n")[0]
                    + "); pass the manifest.json a backfill run wrote.");
        }
    }
}
