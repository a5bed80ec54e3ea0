package runbooks.kit.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import runbooks.kit.data.Rows;
import runbooks.kit.database.Results;
import runbooks.kit.database.SqlFailures;
import runbooks.kit.database.VerifiedTarget;
import runbooks.kit.sql.SqlFile;

/** One month chunk of a monthly backfill: derived and verified in one transaction, its outcome for the manifest. */
final class Chunk {

    /** The server went away during a chunk (or a lock wait timed out): the backfill stops at once instead of failing every chunk left. */
    static final class ConnectionLost extends RuntimeException {
        /** Which chunk met it, "mkt_futures_mes_4h 2024-02-01 .. 2024-03-01". */
        final String chunk;

        ConnectionLost(SQLException cause, String chunk) {
            super(cause.getMessage(), cause);
            this.chunk = chunk;
        }
    }

    private Chunk() {}

    /** Derives and verifies one chunk in one transaction. */
    static Manifest.Chunk run(
            VerifiedTarget target,
            Connection connection,
            String table,
            SqlFile derive,
            SqlFile verify,
            String start,
            String end) {
        long t0 = System.nanoTime();
        Map<String, String> settings =
                Map.of("runbook.chunk_start", start + " 00:00:00+00", "runbook.chunk_end", end + " 00:00:00+00");
        try {
            return target.transaction(connection, settings, c -> {
                // Prepared statements with the same text on one session: the driver prepares them once, so each chunk's
                // statements are not parsed and planned again (tens of thousands of chunks at staging scale).
                Rows written;
                Rows verified;
                try (PreparedStatement d = c.prepareStatement(derive.text());
                        PreparedStatement v = c.prepareStatement(verify.text())) {
                    written = Results.last(derive.toString(), d);
                    verified = Results.last(verify.toString(), v);
                }
                long source = Long.parseLong(verified.single("source_rows"));
                long uncovered = Long.parseLong(verified.single("uncovered"));
                return new Manifest.Chunk(
                        table,
                        start,
                        end,
                        uncovered == 0 ? Manifest.Status.SUCCEEDED : Manifest.Status.PARTIAL,
                        Long.parseLong(written.single("inserted")),
                        Long.parseLong(written.single("updated")),
                        source,
                        uncovered,
                        null,
                        Math.round((System.nanoTime() - t0) / 1e6));
            });
        } catch (SQLException e) {
            if (SqlFailures.isConnectionLost(e) || "55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
                // Not a defect of this chunk: the server went away (every later chunk would fail the same way on the
                // dead session), another session holds a lock the chunk needs (the next chunks would wait on it too),
                // or the chunk outran write.statement_timeout (the next, as large, would too): the backfill stops.
                throw new ConnectionLost(e, table + " " + start + " .. " + end);
            }
            return failed(table, start, end, e, t0);
        } catch (RuntimeException e) {
            return failed(table, start, end, e, t0);
        }
    }

    private static Manifest.Chunk failed(String table, String start, String end, Exception e, long t0) {
        return new Manifest.Chunk(
                table,
                start,
                end,
                Manifest.Status.FAILED,
                0,
                0,
                0,
                0,
                String.valueOf(e.getMessage()).split("\n")[0],
                Math.round((System.nanoTime() - t0) / 1e6));
    }
}
