package runbooks.kit.data;

import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ's soft assertions with the kit's {@link QueryAssert}: every check of a step is made and the failures are
 * reported together ({@code RunbookSoftAssertions.checkSoftly(soft -> soft.assertThat(rows).hasNoRows())}).
 */
public class RunbookSoftAssertions extends SoftAssertions {

    public QueryAssert assertThat(Rows rows) {
        return proxy(QueryAssert.class, Rows.class, rows);
    }

    public static void checkSoftly(java.util.function.Consumer<RunbookSoftAssertions> checks) {
        RunbookSoftAssertions soft = new RunbookSoftAssertions();
        checks.accept(soft);
        soft.assertAll();
    }
}
