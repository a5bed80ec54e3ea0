package runbooks.kit.data;

import java.math.BigDecimal;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks of what a runbook query returned. Failures print the offending rows (the same rows are
 * attached to the report in full).
 *
 * <pre>{@code
 * assertThat(target.query(sql("mes/checks/ohlc_inconsistent.sql"))).hasNoRows();
 * assertThat(ratios).value("ratio_4h_to_1h").isBetween("0.22", "0.30", "23 hourly bars per session fall in 6 or 7 4h buckets");
 * }</pre>
 */
public class QueryAssert extends AbstractAssert<QueryAssert, Rows> {

    private static final int SHOWN_ROWS = 10;

    /** Write {@code assertThat(rows)}. */
    public QueryAssert(Rows rows) {
        super(rows, QueryAssert.class);
    }

    public static QueryAssert assertThat(Rows rows) {
        return new QueryAssert(rows);
    }

    /** Expected: 0 rows. */
    public QueryAssert hasNoRows() {
        if (!actual.isEmpty()) {
            failWithMessage(
                    "Expecting%n  %s%nto return no rows but it returned %d:%n%s",
                    actual.source(), actual.size(), actual.toText(SHOWN_ROWS));
        }
        return this;
    }

    /** One column of a single-row result; a description given before ({@code .as("...")}) carries over to it. */
    public ValueAssert value(String column) {
        ValueAssert value = new ValueAssert(actual, column);
        return info.hasDescription() ? value.as(info.description()) : value;
    }

    /** One value of a single-row result, compared in the runbook's words. */
    public static final class ValueAssert extends AbstractAssert<ValueAssert, Rows> {
        private final String column;

        ValueAssert(Rows rows, String column) {
            super(rows, ValueAssert.class);
            this.column = column;
        }

        public ValueAssert isEqualTo(String expected) {
            String value = actual.single(column);
            if (!expected.equals(value)) {
                fail(expected, value, null);
            }
            return this;
        }

        public ValueAssert isSqlNull() {
            String value = actual.single(column);
            if (value != null) {
                fail("NULL", value, null);
            }
            return this;
        }

        public ValueAssert isPositive() {
            String value = actual.single(column);
            if (value == null || new BigDecimal(value).signum() <= 0) {
                fail("> 0", value, null);
            }
            return this;
        }

        /** Inclusive bounds, with the reason for the tolerance (printed on failure). */
        public ValueAssert isBetween(String low, String high, String why) {
            String value = actual.single(column);
            if (value == null
                    || new BigDecimal(value).compareTo(new BigDecimal(low)) < 0
                    || new BigDecimal(value).compareTo(new BigDecimal(high)) > 0) {
                fail("between " + low + " and " + high, value, why);
            }
            return this;
        }

        private void fail(String expected, String value, String why) {
            failWithMessage(
                    "%s.%s%n-> expected (runbook) : %s%n-> actual (database) : %s%s",
                    actual.source(),
                    column,
                    expected,
                    value == null ? "NULL" : value,
                    why == null ? "" : System.lineSeparator() + "-> tolerance         : " + why);
        }
    }
}
