package runbooks.kit.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The expected forms runbooks write, read and compared with what psql printed: each agrees, and each can disagree. */
@DisplayName("Check: the forms a document states its expectations in")
class CheckTest {

    private static PsqlOutput printed(String... lines) {
        return PsqlOutput.parse(String.join("\n", lines).replace(" ¦ ", PsqlOutput.SEPARATOR) + "\n", "");
    }

    @Test
    void should_read_psql_aligned_output() {
        Check check = Check.block(
                "pasted", List.of(" currency | count", "----------+-------", " EUR      |  2000", "(1 row)"));
        assertThat(check.form()).isEqualTo(Check.Form.TABLE);
        assertThat(check.mismatch(printed("currency ¦ count", "EUR ¦ 2000", "(1 row)")))
                .isEmpty();
        assertThat(check.mismatch(printed("currency ¦ count", "EUR ¦ 1999", "(1 row)")))
                .hasValueSatisfying(m -> assertThat(m).contains("1999").contains("2000"));
        assertThat(check.mismatch(printed("cur ¦ count", "EUR ¦ 2000", "(1 row)")))
                .isPresent();
    }

    @Test
    void should_read_header_less_rows_and_row_counts() {
        Check rows = Check.line("Expected: character | 3 | YES");
        assertThat(rows.mismatch(printed("data_type ¦ len ¦ is_nullable", "character ¦ 3 ¦ YES", "(1 row)")))
                .isEmpty();
        assertThat(rows.mismatch(printed("data_type ¦ len ¦ is_nullable", "character ¦ 3 ¦ NO", "(1 row)")))
                .isPresent();
        for (Check none : List.of(
                Check.block("pasted", List.of("(0 rows)")),
                Check.line("Should return 0 rows:"),
                Check.line("-- Expected: 0 rows"))) {
            assertThat(none.form()).as(none.text()).isEqualTo(Check.Form.ROWS);
            assertThat(none.mismatch(printed("id", "(0 rows)"))).as(none.text()).isEmpty();
            assertThat(none.mismatch(printed("id", "7", "(1 row)")))
                    .as(none.text())
                    .isPresent();
        }
    }

    @Test
    void should_read_command_tags_comparisons_json_and_recorded_values() {
        Check tags = Check.block("output", List.of("BEGIN", "DROP FUNCTION", "CREATE FUNCTION", "COMMIT"));
        assertThat(tags.form()).isEqualTo(Check.Form.TAGS);
        assertThat(tags.mismatch(printed("BEGIN", "DROP FUNCTION", "CREATE FUNCTION", "COMMIT")))
                .isEmpty();
        assertThat(tags.mismatch(printed("BEGIN", "CREATE FUNCTION", "COMMIT"))).isPresent();

        Check gap = Check.line("Expected: gap > 0");
        assertThat(gap.mismatch(printed("gap", "5", "(1 row)"))).isEmpty();
        assertThat(gap.mismatch(printed("gap", "0", "(1 row)"))).isPresent();
        Check under = Check.line("Expected: < 60");
        assertThat(under.mismatch(printed("lag", "59", "(1 row)"))).isEmpty();
        assertThat(under.mismatch(printed("lag", "60", "(1 row)"))).isPresent();
        Check all = Check.line("Expected: ALL cursor_ahead = false");
        assertThat(all.mismatch(printed("task ¦ cursor_ahead", "a ¦ f", "b ¦ f", "(2 rows)")))
                .isEmpty();
        assertThat(all.mismatch(printed("task ¦ cursor_ahead", "a ¦ f", "b ¦ t", "(2 rows)")))
                .isPresent();

        Check json = Check.json("shown", "{\"status\": \"ok\", \"workers\": 3}");
        assertThat(json.mismatch(printed("health", "{\"status\": \"ok\", \"workers\": 3, \"lag\": 12}", "(1 row)")))
                .isEmpty();
        assertThat(json.mismatch(printed("health", "{\"status\": \"ok\", \"workers\": 2}", "(1 row)")))
                .isPresent();

        Check recorded = Check.line("-- Expected: :entries");
        assertThat(recorded.resolved(Map.of("entries", "500")).mismatch(printed("entries", "500", "(1 row)")))
                .isEmpty();
        assertThat(recorded.resolved(Map.of("entries", "501")).mismatch(printed("entries", "500", "(1 row)")))
                .isPresent();
    }

    @Test
    void should_leave_what_has_no_machine_form_to_a_person() {
        assertThat(Check.line("Expected: the order page shows today's orders").forPerson())
                .isTrue();
        assertThat(Check.line("Expected: the 1.3 number").forPerson()).isTrue();
    }

    @Test
    @DisplayName("several comparisons in one line (foreign_rows = 0, visible > 0): each must hold, each can fail")
    void should_read_several_comparisons() {
        Check both = Check.line("Expected: foreign_rows = 0, visible > 0.");
        assertThat(both.form()).isEqualTo(Check.Form.COMPARE);
        assertThat(both.mismatch(printed("visible ¦ foreign_rows", "12 ¦ 0", "(1 row)")))
                .isEmpty();
        assertThat(both.mismatch(printed("visible ¦ foreign_rows", "12 ¦ 3", "(1 row)")))
                .hasValueSatisfying(m -> assertThat(m).contains("foreign_rows = 3"));
        assertThat(both.mismatch(printed("visible ¦ foreign_rows", "0 ¦ 0", "(1 row)")))
                .hasValueSatisfying(m -> assertThat(m).contains("visible = 0"));
        assertThat(Check.line("Expected: lag < 60 and ALL healthy = t")
                        .mismatch(printed("lag ¦ healthy", "5 ¦ t", "(1 row)")))
                .isEmpty();
        assertThat(Check.line("Expected: the page loads, and fast").forPerson()).isTrue();
    }
}
