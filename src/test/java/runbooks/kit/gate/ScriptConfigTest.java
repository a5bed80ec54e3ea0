package runbooks.kit.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.ConnectionSpec;
import runbooks.kit.database.Connections;
import runbooks.kit.database.LocalTargets;

/**
 * The gate judges a Flyway script as Flyway runs it: with {@code executeInTransaction=false} in its {@code .sql.conf},
 * statement by statement (CONCURRENTLY among SETs is fine); without it, as one transaction Flyway cannot run.
 */
@DisplayName("Gate: a Flyway script's .sql.conf decides how it is judged")
class ScriptConfigTest {

    private static final String SCRIPT = """
            SET lock_timeout = '5s';
            SET statement_timeout = '10min';
            CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
            """;

    @TempDir
    Path dir;

    private List<String> rules(Path script) throws Exception {
        ConnectionSpec rehearsal = LocalTargets.cluster().createDatabase("gate_script_conf");
        try (Connection c = Connections.open(rehearsal);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);"
                    + " INSERT INTO orders SELECT g, g % 7 FROM generate_series(1, 100) g");
        }
        return new SafetyGate(rehearsal, 170000, Duration.ofSeconds(1))
                .inspect(List.of(script)).stream()
                        .filter(f -> !f.severity().equals("info"))
                        .map(Finding::rule)
                        .toList();
    }

    @Test
    @DisplayName("executeInTransaction=false: no concurrently-in-transaction")
    void should_judge_statement_by_statement_with_execute_in_transaction_false() throws Exception {
        Path script = Files.writeString(dir.resolve("V2__orders_customer_idx.sql"), SCRIPT);
        Files.writeString(dir.resolve("V2__orders_customer_idx.sql.conf"), "executeInTransaction=false\n");
        assertThat(rules(script)).doesNotContain(Rule.CONCURRENTLY_IN_TRANSACTION.code());
    }

    @Test
    @DisplayName("no .sql.conf: the SETs and CONCURRENTLY in one file are concurrently-in-transaction")
    void should_judge_one_transaction_without_its_conf() throws Exception {
        Path script = Files.writeString(dir.resolve("V2__orders_customer_idx.sql"), SCRIPT);
        assertThat(rules(script)).contains(Rule.CONCURRENTLY_IN_TRANSACTION.code());
    }
}
