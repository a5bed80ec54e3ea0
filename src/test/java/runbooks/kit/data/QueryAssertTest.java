package runbooks.kit.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static runbooks.kit.data.QueryAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueryAssertTest {

    private static final Rows COUNTS =
            new Rows("checks/window_counts.sql", List.of("buckets_with_windows"), List.of(List.of("3")));

    @Test
    @DisplayName("a description written before .value(...) is kept in the failure, with the expected and actual values")
    void should_keep_the_description_given_before_value() {
        assertThatThrownBy(() -> assertThat(COUNTS)
                        .as("windows written during the apply")
                        .value("buckets_with_windows")
                        .isEqualTo("0"))
                .hasMessageContaining("[windows written during the apply]")
                .hasMessageContaining("-> expected (runbook) : 0")
                .hasMessageContaining("-> actual (database) : 3");
    }
}
