package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.sql.SqlFile;

@DisplayName("Safety gate, files applied with psql: each statement on its own, as psql -f runs them")
class PsqlModeTest {

    private static final String SCHEMA = "CREATE TABLE results (id bigint PRIMARY KEY, cache_key text NOT NULL);"
            + " CREATE INDEX results_cache_key ON results (cache_key);";

    private static List<String> codes(Path dir, String file, String sql, boolean psql) throws Exception {
        Path migration = Files.writeString(dir.resolve(file), sql);
        SafetyGate gate = new SafetyGate(
                Rehearsal.fromScripts(LocalTargets.cluster(), List.of(new SqlFile("schema.sql", SCHEMA))),
                150000,
                Duration.ofSeconds(2));
        return (psql ? gate.appliedWithPsql() : gate)
                .inspect(List.of(migration)).stream()
                        .filter(f -> !f.severity().equals("info"))
                        .map(Finding::rule)
                        .toList();
    }

    @Test
    @DisplayName(
            "REINDEX INDEX CONCURRENTLY after other statements passes (no drop-index, no concurrently-in-transaction)")
    void should_pass_reindex_concurrently(@TempDir Path dir) throws Exception {
        assertThat(codes(
                        dir,
                        "optimize.sql",
                        "SET lock_timeout = '5s';\nANALYZE results;\nREINDEX INDEX CONCURRENTLY results_cache_key;\n"
                                + "VACUUM ANALYZE results;\n",
                        true))
                .isEmpty();
    }

    @Test
    @DisplayName("REINDEX INDEX without CONCURRENTLY is still index-without-concurrently")
    void should_flag_plain_reindex(@TempDir Path dir) throws Exception {
        assertThat(codes(dir, "optimize.sql", "SET lock_timeout = '5s';\nREINDEX INDEX results_cache_key;\n", true))
                .contains("index-without-concurrently");
    }

    @Test
    @DisplayName(
            "judged as Flyway runs a file (the default), REINDEX CONCURRENTLY beside other statements fails in its transaction")
    void should_keep_flyway_semantics_by_default(@TempDir Path dir) throws Exception {
        assertThat(codes(
                        dir,
                        "V2__optimize.sql",
                        "SET lock_timeout = '5s';\nREINDEX INDEX CONCURRENTLY results_cache_key;\n",
                        false))
                .contains("concurrently-in-transaction");
    }
}
