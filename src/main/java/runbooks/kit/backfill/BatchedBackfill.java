package runbooks.kit.backfill;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import runbooks.kit.database.Target;
import runbooks.kit.evidence.Evidence;
import runbooks.kit.sql.SqlFile;
import runbooks.kit.sql.Statements;

/**
 * A backfill written as one batch ({@code UPDATE ... WHERE id IN (SELECT id ... WHERE <not yet filled> LIMIT n)}), run
 * again and again, each batch its own short transaction with the target's write and lock timeouts, until a batch
 * updates nothing: the form the safety gate advises for filling a new column. Stopped part-way, a re-run continues
 * where the rows still unfilled are. The update count of every batch is in the evidence.
 */
public final class BatchedBackfill {

    /** The batches run, in order: how many rows each updated (the last is 0). */
    public record Result(List<Long> updated) {}

    private BatchedBackfill() {}

    /** Runs {@code batch} (one data-changing statement) until it updates no row, at most {@code maxBatches} times. */
    public static Result run(Target target, SqlFile batch, Map<String, String> settings, int maxBatches) {
        List<Statements.Statement> statements = Statements.of(batch.name(), batch.text());
        if (statements.size() != 1) {
            throw new IllegalArgumentException(
                    "sql/" + batch.name() + " holds " + statements.size() + " statements: a batch is one UPDATE or"
                            + " DELETE whose WHERE picks the next rows still to do (WHERE id IN (SELECT ... LIMIT n)).");
        }
        String sql = statements.get(0).sql();
        List<Long> updated = new ArrayList<>();
        Evidence.sql(batch.name() + " (one batch)", sql);
        try {
            Evidence.step("batches of " + batch.name() + " until one updates nothing", () -> {
                try {
                    target.writing(c -> {
                        for (int i = 0; i < maxBatches; i++) {
                            long n = target.transaction(c, settings, (Connection tx) -> {
                                try (Statement s = tx.createStatement()) {
                                    return s.executeLargeUpdate(sql);
                                }
                            });
                            updated.add(n);
                            if (n == 0) {
                                return null;
                            }
                        }
                        throw new IllegalStateException(
                                batch.name() + " still updated rows after " + maxBatches + " batches: its WHERE must"
                                        + " exclude the rows a batch has done (WHERE <column> IS NULL), or the batch repeats for ever.");
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            batch.name() + " failed in batch " + (updated.size() + 1) + " after "
                                    + updated.stream()
                                            .mapToLong(Long::longValue)
                                            .sum() + " rows: " + e.getMessage()
                                    + " (the batches before it are committed; a re-run"
                                    + " continues with the rows still to do)",
                            e);
                }
            });
        } finally {
            Evidence.text(
                    batch.name() + " batches",
                    "rows updated per batch: " + updated + "\ntotal: "
                            + updated.stream().mapToLong(Long::longValue).sum());
        }
        return new Result(List.copyOf(updated));
    }
}
