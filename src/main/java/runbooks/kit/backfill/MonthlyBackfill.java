package runbooks.kit.backfill;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import runbooks.kit.database.InfrastructureFault;
import runbooks.kit.database.Results;
import runbooks.kit.database.Target;
import runbooks.kit.database.VerifiedTarget;
import runbooks.kit.sql.SqlFile;

/**
 * Derives tables from their sources one month at a time, each month in its own transaction, and
 * records every chunk in a {@link Manifest}.
 *
 * <p>Each {@link Derivation} is two SQL files a DBA can run by hand after
 * {@code SET runbook.chunk_start = '...'; SET runbook.chunk_end = '...';}: {@code derive} writes the
 * chunk set-based and returns {@code inserted, updated}; {@code verify} returns {@code source_rows,
 * uncovered} for the same chunk. A chunk succeeds when every source row is covered by a derived row,
 * is partial when some are not, and failed when PostgreSQL raised an error.
 */
public final class MonthlyBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(MonthlyBackfill.class);

    /** One derived table: how to write a chunk and how to check it. */
    public record Derivation(String table, SqlFile derive, SqlFile verify) {}

    private final String runbook;
    private final Target target;
    private final List<Derivation> derivations;
    private final Path manifestDir;
    private final int workers;

    public MonthlyBackfill(String runbook, Target target, List<Derivation> derivations, Path manifestDir) {
        this(runbook, target, derivations, manifestDir, 1);
    }

    /**
     * @param workers chunks run at once, each worker on a session of its own. Chunks write disjoint rows (a 4h
     *     bucket never spans a month; a week belongs to the month of its Monday) and a chunk's check reads only
     *     bars its own chunk writes, so the result does not depend on their order; the manifest lists them in plan order.
     */
    public MonthlyBackfill(String runbook, Target target, List<Derivation> derivations, Path manifestDir, int workers) {
        if (workers < 1) {
            throw new runbooks.kit.env.ConfigurationException(
                    "A backfill needs at least one worker, not " + workers + ".");
        }
        this.runbook = runbook;
        this.target = target;
        this.derivations = derivations;
        this.manifestDir = manifestDir;
        this.workers = workers;
    }

    /** Every month from {@code from} through the month of {@code to}. */
    public Result run(LocalDate from, Instant to) {
        return execute(plan(from, to), from.toString(), to.toString(), null);
    }

    private List<Planned> plan(LocalDate from, Instant to) {
        List<Planned> plan = new ArrayList<>();
        YearMonth last = YearMonth.from(to.atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from); !m.isAfter(last); m = m.plusMonths(1)) {
            for (Derivation d : derivations) {
                plan.add(new Planned(
                        d, m.atDay(1).toString(), m.plusMonths(1).atDay(1).toString()));
            }
        }
        return plan;
    }

    /**
     * Continues a backfill that was cut off (Ctrl-C, a server restart, a lost connection): the target itself says
     * which chunks are done. Each month's {@code verify} query runs read-only first; only the chunks with source rows
     * that no derived row covers run again (in plan order), so a run stopped at chunk N continues from N.
     */
    public Result resume(LocalDate from, Instant to) {
        List<Planned> left = uncovered(plan(from, to));
        LOG.info("[backfill] {}: resuming: {} chunks still have uncovered source rows", runbook, left.size());
        return execute(left, from.toString(), to.toString(), "the target's uncovered chunks");
    }

    /** How many chunks of {@code from .. to} have source rows no derived row covers, read-only: 0 when the backfill is complete. */
    public int chunksLeft(LocalDate from, Instant to) {
        return uncovered(plan(from, to)).size();
    }

    private List<Planned> uncovered(List<Planned> plan) {
        return target.readOnly(c -> {
            List<Planned> left = new ArrayList<>();
            try (PreparedStatement set = c.prepareStatement(
                    "SELECT set_config('runbook.chunk_start', ?, true), set_config('runbook.chunk_end', ?, true)")) {
                for (Planned p : plan) {
                    set.setString(1, p.start() + " 00:00:00+00");
                    set.setString(2, p.end() + " 00:00:00+00");
                    set.execute();
                    try (PreparedStatement verify =
                            c.prepareStatement(p.derivation().verify().text())) {
                        if (Long.parseLong(Results.last(p.derivation().verify().toString(), verify)
                                        .single("uncovered"))
                                > 0) {
                            left.add(p);
                        }
                    }
                }
            }
            return left;
        });
    }

    /** Reruns only the failed or partial chunks of {@code manifest}. */
    public Result retry(Path manifestFile) {
        Manifest previous = Manifest.read(manifestFile);
        List<Planned> plan = new ArrayList<>();
        for (Manifest.Chunk c : previous.notSucceeded()) {
            Derivation d = derivations.stream()
                    .filter(x -> x.table().equals(c.table()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            manifestFile + " names table " + c.table() + ", unknown to this backfill"));
            plan.add(new Planned(d, c.start(), c.end()));
        }
        return execute(plan, previous.from(), previous.to(), manifestFile.toString());
    }

    /** A finished run: its manifest and where it was written. */
    public record Result(Manifest manifest, Path file) {
        public boolean allSucceeded() {
            return manifest.notSucceeded().isEmpty();
        }
    }

    private record Planned(Derivation derivation, String start, String end) {}

    private Result execute(List<Planned> plan, String from, String to, String retriedFrom) {
        Instant started = Instant.now();
        Path file = manifestDir.resolve("manifest-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
                        .withZone(ZoneOffset.UTC)
                        .format(started) + (retriedFrom == null ? "" : "-retry") + ".json");
        Manifest.Chunk[] results = new Manifest.Chunk[plan.size()];
        Path lines = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", ".jsonl"));
        int sessions = Math.max(1, Math.min(workers, plan.size()));
        LOG.info(
                "[backfill] {}: {} chunks ({} .. {}){}, {} at a time; manifest {} (chunk by chunk in {})",
                runbook,
                plan.size(),
                from,
                to,
                retriedFrom == null ? "" : " retried from " + retriedFrom,
                sessions,
                file,
                lines.getFileName());
        int step = Math.max(1, plan.size() / 10);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sessions);
        try (Manifest.Journal journal =
                Manifest.journal(lines, new Manifest(runbook, started, null, from, to, retriedFrom, List.of()))) {
            List<java.util.concurrent.Future<Object>> running = new ArrayList<>();
            VerifiedTarget writer = target.verify();
            for (int w = 0; w < sessions; w++) {
                // Each worker takes the next chunk of the plan until none is left.
                running.add(pool.submit(() -> writer.writing(connection -> {
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        Planned planned = plan.get(i);
                        Derivation derivation = planned.derivation();
                        Manifest.Chunk chunk = Chunk.run(
                                writer,
                                connection,
                                derivation.table(),
                                derivation.derive(),
                                derivation.verify(),
                                planned.start(),
                                planned.end());
                        results[i] = chunk;
                        // Appended as it finishes (the whole manifest is written once, at the end): a run cut off keeps
                        // its record, and chunks are idempotent, so running it again loses nothing.
                        journal.append(chunk);
                        if (!chunk.succeeded()) {
                            LOG.warn(
                                    "[backfill] {} {} .. {}: {} ({} of {} source rows uncovered){}",
                                    chunk.table(),
                                    chunk.start(),
                                    chunk.end(),
                                    chunk.status(),
                                    chunk.uncoveredSourceRows(),
                                    chunk.sourceRows(),
                                    chunk.error() == null ? "" : ": " + chunk.error());
                        }
                        int n = finished.incrementAndGet();
                        if (n % step == 0 || n == plan.size()) {
                            LOG.info(
                                    "[backfill] {}/{} chunks, last {} {}",
                                    n,
                                    plan.size(),
                                    chunk.table(),
                                    chunk.start());
                        }
                    }
                    return null;
                })));
            }
            for (java.util.concurrent.Future<Object> worker : running) {
                worker.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof Chunk.ConnectionLost lost ? lost.getCause() : e.getCause();
            if (cause instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                throw new InfrastructureFault(
                        "The backfill chunk " + ((Chunk.ConnectionLost) e.getCause()).chunk
                                + " ran longer than write.statement_timeout "
                                + target.timeouts().write()
                                + " (environments/" + target.spec().environment() + ".properties) and was cancelled"
                                + " after " + finished.get() + " of " + plan.size()
                                + " chunks, the chunks done committed (" + lines + "): raise write.statement_timeout"
                                + " if the target is that large, or find what slowed it, then re-run: the backfill"
                                + " continues from the chunks left.",
                        cause);
            }
            if (cause instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                throw new InfrastructureFault(
                        "A backfill chunk waited longer than lock_timeout "
                                + target.timeouts().lock() + " (environments/"
                                + target.spec().environment() + ".properties) for a lock and stopped after "
                                + finished.get() + " of " + plan.size()
                                + " chunks, the chunks done committed (" + lines + "); "
                                + target.lockHolders()
                                + ". Re-run when that session is done:"
                                + " the backfill continues from the chunks left.",
                        cause);
            }
            throw new InfrastructureFault(
                    "The backfill lost its connection to " + target.spec().masked() + " after " + finished.get()
                            + " of " + plan.size() + " chunks ("
                            + String.valueOf(cause.getMessage()).split("\n")[0] + "): the chunks done are committed"
                            + " and listed in " + lines
                            + "; when the server is back, re-run the runbook: it reads the chunks left off the target and"
                            + " continues from them.",
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The backfill was interrupted; its chunks so far are in " + lines, e);
        } finally {
            pool.shutdownNow();
        }
        List<Manifest.Chunk> done = java.util.Arrays.stream(results)
                .filter(java.util.Objects::nonNull)
                .toList();
        Manifest manifest = new Manifest(runbook, started, Instant.now(), from, to, retriedFrom, done);
        manifest.write(file);
        LOG.info(
                "[backfill] done: {} inserted, {} updated, {} chunks not succeeded",
                manifest.inserted(),
                manifest.updated(),
                manifest.notSucceeded().size());
        return new Result(manifest, file);
    }
}
