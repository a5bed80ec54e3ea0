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

    @Test
    void should_read_a_here_document_as_psqls_input_and_a_loop_as_a_persons() {
        List<DocumentSections.Section> sections = DocumentSections.read("""
                ## 1. Apply

                ```bash
                psql "$DATABASE_URL" -v ON_ERROR_STOP=1 <<'SQL'
                BEGIN;
                ALTER TABLE t ADD COLUMN y int;
                COMMIT;
                SQL
                psql "$DATABASE_URL" -At <<-EOF
                	select count(*) FROM t;
                	EOF
                ```

                Expected: 3

                ## 2. Backfill

                ```bash
                for lo in 1 1001 2001; do
                  psql "$DATABASE_URL" -v lo=$lo -f backfill.sql
                done
                ```

                Post in #db-changes when it is done,
                and close the ticket.
                """, f -> "SELECT 1;");
        DocumentSections.Section apply = sections.get(0);
        assertThat(apply.forPerson())
                .as("the here-documents' lines are input, not commands")
                .isEmpty();
        assertThat(apply.units())
                .extracting(u -> u.chunks().get(0).sql().strip())
                .containsExactly("BEGIN;\nALTER TABLE t ADD COLUMN y int;\nCOMMIT;", "select count(*) FROM t;");
        assertThat(apply.writes()).isTrue();
        assertThat(apply.units().get(1).chunks().get(0).check().text()).isEqualTo("Expected: 3");
        DocumentSections.Section backfill = sections.get(1);
        assertThat(backfill.units()).as("no command is run once out of a loop").isEmpty();
        assertThat(backfill.forPerson())
                .containsExactly(
                        "run by a person (a shell script with a loop, a branch or a $(…), which the kit does not run):"
                                + " for lo in 1 1001 2001; do …",
                        "Post in #db-changes when it is done, and close the ticket.");
    }

    @Test
    void should_read_a_task_list_and_several_commands_of_one_psql() {
        List<DocumentSections.Section> sections = DocumentSections.read("""
                ## 1. Before the window

                - [ ] Take a snapshot of the volume in the console
                - [x] Confirm the on-call knows

                ```bash
                psql "$DATABASE_URL" -c "SET lock_timeout = '2s'" -c "ALTER TABLE t ADD COLUMN y int"
                ```
                """, f -> "");
        DocumentSections.Section section = sections.get(0);
        assertThat(section.forPerson())
                .containsExactly("Take a snapshot of the volume in the console", "Confirm the on-call knows");
        assertThat(section.units().get(0).chunks().get(0).sql())
                .isEqualTo("SET lock_timeout = '2s';\nALTER TABLE t ADD COLUMN y int;");
    }

    @Test
    @DisplayName(
            "an unnumbered heading as high as the numbered ones is a section of its own, never more of the last one")
    void should_end_a_section_at_an_unnumbered_heading() {
        List<DocumentSections.Section> sections = DocumentSections.read("""
                # CHG: normalise addresses

                ## 4. Smoke test

                Ask the on-call engineer to sign up with an existing address.

                ### Notes for 4

                ```sql
                SELECT 1;
                ```

                ## Rollback

                ```sql
                DROP INDEX CONCURRENTLY IF EXISTS customers_email_key;
                ```
                """, f -> "");
        assertThat(sections).extracting(DocumentSections.Section::name).containsExactly("4 Smoke test", "Rollback");
        assertThat(sections.get(0).units())
                .as("a lower heading stays in its section")
                .hasSize(1);
        assertThat(sections.get(1).number()).isEqualTo("Rollback");
        assertThat(sections.get(1).units().get(0).chunks().get(0).sql()).contains("DROP INDEX CONCURRENTLY");
    }

    @Test
    @DisplayName("an expectation in prose with no machine-readable form is a person's, never passed unread")
    void should_list_prose_expectations_for_a_person() {
        List<DocumentSections.Section> sections = DocumentSections.read("""
                ### Step 1 — Where are we?

                ```bash
                flyway -configFiles=flyway.conf info
                ```

                V6 must be the last `Success` row; V7 and V8 `Pending`.

                ### Step 2 — Migrate

                ```bash
                flyway -configFiles=flyway.conf migrate
                ```

                Expected output ends with `Successfully applied 2 migrations`.
                """, f -> "");
        assertThat(sections.get(0).forPerson()).containsExactly("V6 must be the last Success row; V7 and V8 Pending.");
        assertThat(sections.get(1).forPerson())
                .containsExactly("Expected output ends with Successfully applied 2 migrations.");
    }
}
