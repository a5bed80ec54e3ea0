package runbooks.kit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import runbooks.kit.database.Target;
import runbooks.kit.migration.MigrationJournal;

@DisplayName("JournalDeployState: a class runbook's deploy state off its tool's journal")
class JournalDeployStateTest {

    private static final List<String> DEPLOY = List.of("0003_windows", "0004_index");

    @Test
    @DisplayName("none of the runbook's migrations recorded: a deploy, naming what is pending")
    void notStarted() {
        DeployState state = JournalDeployState.of(journal(List.of("0002_source"), List.of()), DEPLOY);
        assertThat(state.kind()).isEqualTo(DeployState.Kind.NOT_STARTED);
        assertThat(state.evidence()).isEqualTo("pending in Tool's journal: [0003_windows, 0004_index]");
    }

    @Test
    @DisplayName("some recorded: a continued deploy, with the journal's records and what is still pending")
    void continuing() {
        DeployState state = JournalDeployState.of(journal(List.of("0003_windows"), List.of()), DEPLOY);
        assertThat(state.kind()).isEqualTo(DeployState.Kind.CONTINUING);
        assertThat(state.evidence()).isEqualTo("0003_windows applied (recorded by Tool); still pending: [0004_index]");
    }

    @Test
    @DisplayName("all recorded: a verification run, with the journal's records")
    void complete() {
        DeployState state = JournalDeployState.of(journal(DEPLOY, List.of()), DEPLOY);
        assertThat(state.isComplete()).isTrue();
        assertThat(state.evidence())
                .isEqualTo("0003_windows applied (recorded by Tool); 0004_index applied (recorded by Tool)");
    }

    @Test
    @DisplayName("an unfinished migration: partial, in the tool's own words, whatever else is recorded")
    void unfinished() {
        DeployState state = JournalDeployState.of(journal(DEPLOY, List.of("P3009: 0004_index failed")), DEPLOY);
        assertThat(state.kind()).isEqualTo(DeployState.Kind.PARTIAL);
        assertThat(state.evidence()).isEqualTo("P3009: 0004_index failed");
    }

    @Test
    @DisplayName("before an apply: nothing pending but the runbook's migrations not yet recorded, and no problem")
    void onlyPending() {
        JournalDeployState.requireOnlyPending(journal(List.of("0003_windows"), List.of()), DEPLOY);
        assertThatThrownBy(() ->
                        JournalDeployState.requireOnlyPending(journal(List.of(), List.of()), List.of("0003_windows")))
                .hasMessageContaining("0004_index");
        assertThatThrownBy(() -> JournalDeployState.requireOnlyPending(
                        journal(List.of(), List.of("0002 was modified after it was applied")), DEPLOY))
                .hasMessageContaining("0002 was modified after it was applied");
    }

    private static MigrationJournal journal(List<String> applied, List<String> unfinished) {
        return new MigrationJournal() {
            @Override
            public String tool() {
                return "Tool";
            }

            @Override
            public Path folder() {
                return Path.of("migrations");
            }

            @Override
            public List<String> appliedVersions() {
                return applied;
            }

            @Override
            public List<String> pendingVersions() {
                return DEPLOY.stream().filter(v -> !applied.contains(v)).toList();
            }

            @Override
            public List<Path> pendingFiles() {
                return List.of();
            }

            @Override
            public List<String> problems() {
                return unfinished;
            }

            @Override
            public List<String> unfinished() {
                return unfinished;
            }

            @Override
            public String status() {
                return "";
            }

            @Override
            public int migrate() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void migrateTo(String version) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MigrationJournal on(Target other) {
                return this;
            }
        };
    }
}
