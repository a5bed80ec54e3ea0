package runbooks.kit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RowsTest {

    private final Rows rows = new Rows(
            "health.sql",
            List.of("task", "bars", "lag_minutes", "enabled", "newest"),
            List.of(
                    List.of("BTC 5m", "12", "3.5", "t", "2026-01-11 09:00:00.25+05:30"),
                    Arrays.asList("DXY 1h", "n/a", null, "yes", "2026-01-11 09:00:00")));

    @Test
    @DisplayName("a row's values read as numbers and booleans as PostgreSQL prints them")
    void should_read_typed_values() {
        assertThat(rows.row(0).integer("bars")).isEqualTo(12L);
        assertThat(rows.row(0).decimal("lag_minutes")).isEqualTo(3.5);
        assertThat(rows.row(0).bool("enabled")).isTrue();
        assertThat(rows.row(0).instant("newest")).isEqualTo(Instant.parse("2026-01-11T03:30:00.25Z"));
        assertThat(new Rows("t", List.of("at"), List.of(List.of("2026-01-11 09:00:00+00")))
                        .single()
                        .instant("at"))
                .isEqualTo(Instant.parse("2026-01-11T09:00:00Z"));
    }

    @Test
    @DisplayName("a value that is not of the type asked fails naming the column and the value, NULL included")
    void should_name_the_column_and_value_that_is_not_of_the_type() {
        assertThatThrownBy(() -> rows.row(1).integer("bars"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("column 'bars' is 'n/a', not a whole number");
        assertThatThrownBy(() -> rows.row(1).decimal("lag_minutes"))
                .hasMessage("column 'lag_minutes' is NULL where a number was expected");
        assertThatThrownBy(() -> rows.row(1).bool("enabled"))
                .hasMessage("column 'enabled' is 'yes', not a boolean (t or f)");
        assertThatThrownBy(() -> rows.row(1).instant("newest"))
                .hasMessage("column 'newest' is '2026-01-11 09:00:00', not a timestamp with time zone");
        assertThatThrownBy(rows::single).hasMessage("health.sql returned 2 rows where one was expected");
    }
}
