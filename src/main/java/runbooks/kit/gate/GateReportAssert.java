package runbooks.kit.gate;

import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link GateReport}: {@code assertThat(report).hasNoBlockingFindings()}. */
public final class GateReportAssert extends AbstractAssert<GateReportAssert, GateReport> {

    private GateReportAssert(GateReport actual) {
        super(actual, GateReportAssert.class);
    }

    public static GateReportAssert assertThat(GateReport report) {
        return new GateReportAssert(report);
    }

    /** No finding of a severity the report's policy blocks, unless allowed with a reason. */
    public GateReportAssert hasNoBlockingFindings() {
        isNotNull();
        if (!actual.blocking().isEmpty()) {
            failWithMessage(
                    "%sblocking findings of the safety gate (policy %s):%s",
                    descriptionText().isEmpty() ? "" : "[" + descriptionText() + "] ",
                    actual.policy(),
                    actual.blockingSummary());
        }
        return this;
    }
}
