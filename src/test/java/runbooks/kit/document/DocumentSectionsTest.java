package runbooks.kit.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Documents in the styles teams write them (the seeds' runbooks differ a lot), read as steps. */
@DisplayName("DocumentSections: what writes, what checks, whatever the style")
class DocumentSectionsTest {

    private static final String PHASE5_STYLE = """
            ### Step 1: Connect to Database
            **Option B: psql CLI**
            ```bash
            psql -h <host> -U postgres -d postgres < db/migrations/011_redesign.sql
            ```

            ### Step 3: Verify Functions Exist
            ```sql
            -- Should return 5 rows (all Phase 5 functions)
            SELECT proname FROM pg_proc WHERE proname LIKE 'agg_%';
            ```

            ### Step 4: Verify Index Created
            ```sql
            SELECT indexname FROM pg_indexes WHERE tablename = 'data_agg_state';
            ```
            """;

    @Test
    void should_read_an_expectation_above_its_query_and_a_bare_query_as_a_read() {
        List<DocumentSections.Section> sections = DocumentSections.read(PHASE5_STYLE, f -> "-- " + f + "\nSELECT 1;");
        assertThat(sections).extracting(DocumentSections.Section::number).containsExactly("1", "3", "4");
        assertThat(sections.get(0).writes())
                .as("a file run by psql < file is applied")
                .isTrue();
        DocumentSections.Chunk functions =
                sections.get(1).units().get(0).chunks().get(0);
        assertThat(functions.sql()).contains("SELECT proname");
        assertThat(functions.check().form()).isEqualTo(Check.Form.ROWS);
        assertThat(functions.check().rows()).containsExactly(List.of("5"));
        assertThat(sections.get(1).writes()).isFalse();
        assertThat(sections.get(2).writes())
                .as("a query the DBA reads is no write")
                .isFalse();
    }
}
