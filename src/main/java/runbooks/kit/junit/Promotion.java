package runbooks.kit.junit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import runbooks.kit.evidence.EvidenceFolder;

/**
 * Production writes only what passed on staging ({@link PromotionRecord}): this runbook, the same suite commit and the
 * same files. Where production looks: {@code <id>.promotion.record}, default the last passing staging run's record.
 */
final class Promotion {

    /** Where a promotion record comes from unless {@link Settings#PROMOTION_ENVIRONMENT} says otherwise. */
    private static final String PROMOTED_FROM = "staging";

    private final RunConfiguration run;
    /** The runbook's {@code sql/} folders ({@link Runbook#sql()}) and its class, when run by JUnit: what a record covers. */
    private final List<String> sql;

    private final Class<?> type;
    /** Adds a line to the report's environment widget. */
    private final BiConsumer<String, String> report;
    /** The record that allowed this run's writes (path and sha256), for the apply log and the report. */
    private volatile String allowedBy;

    Promotion(RunConfiguration run, List<String> sql, Class<?> type, BiConsumer<String, String> report) {
        this.run = run;
        this.sql = sql;
        this.type = type;
        this.report = report;
    }

    private PromotionRecord record() {
        return PromotionRecord.of(run.id(), sql, run.basedir(), run.setting(Settings.MIGRATIONS_DIR), type);
    }

    Path recordFile() {
        return run.setting(Settings.PROMOTION_RECORD)
                .filter(r -> !r.isBlank())
                .map(Path::of)
                .map(run.basedir()::resolve)
                .orElse(run.basedir()
                        .resolve("target/evidence/staging")
                        .resolve(run.id())
                        .resolve(PromotionRecord.FILE));
    }

    /** Why this run may not write, if it may not: the write guard production sets. */
    Optional<String> refusal() {
        PromotionRecord.Verdict verdict = record().judge(
                        recordFile(),
                        run.env().name(),
                        run.setting(Settings.PROMOTION_ENVIRONMENT)
                                .filter(e -> !e.isBlank())
                                .orElse(PROMOTED_FROM),
                        SuiteProvenance.commit(run.basedir()));
        if (verdict.refusal().isEmpty()) {
            allowedBy = verdict.allowedBy();
            report.accept("promotion", allowedBy);
        }
        return verdict.refusal();
    }

    String allowedBy() {
        return allowedBy;
    }

    void write(String envName, EvidenceFolder evidence) {
        record().write(envName, SuiteProvenance.commit(run.basedir()), evidence);
    }
}
