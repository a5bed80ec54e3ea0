package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Steps run in the order of their section numbers read as numbers, not as text. */
class SectionOrderTest {

    @Runbook(id = "probe", document = "none")
    static class TenSteps {
        TenSteps(RunbookContext runbook) {}

        @Test
        @DisplayName("03.10 Tenth")
        void tenth() {}

        @Test
        @DisplayName("03.2 Second")
        void second() {}

        @Test
        @DisplayName("03 Section")
        void section() {}

        @Test
        @DisplayName("Appendix without a number")
        void appendix() {}
    }

    @Test
    @DisplayName("03 runs before 03.2, 03.2 before 03.10, a step without a number last")
    void should_order_steps_by_section_numbers() {
        List<String> order =
                Drill.of(TenSteps.class).run().stream().map(Drill.Step::name).toList();
        assertThat(order).containsExactly("03 Section", "03.2 Second", "03.10 Tenth", "Appendix without a number");
    }
}
