package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;
import runbooks.kit.junit.Settings;

/** Drizzle's journal: rows as drizzle-orm writes them, and bad input in one sentence with nothing written. */
class DrizzleMigrationsTest {

    private static final Path SAMPLE =
            Path.of(System.getProperty(Settings.BASEDIR_PROPERTY, ".")).resolve("src/test/resources/drizzle-sample");

    @TempDir
    Path folder;

    private void copySample() throws Exception {
        Files.createDirectories(folder.resolve("meta"));
        for (String f : new String[] {"0000_init.sql", "0001_usage_index.sql", "meta/_journal.json"}) {
            Files.copy(SAMPLE.resolve(f), folder.resolve(f));
        }
    }

    private static boolean journalTableExists(Target target) {
        return target.read("t", "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS e")
                .single("e")
                .equals("t");
    }

    @Test
    @DisplayName("rows hold the file's SHA-256 and the entry's when; a changed applied file is drift; no Flyway table")
    void should_record_hash_and_when_and_report_drift() throws Exception {
        copySample();
        Target target = LocalTargets.fresh("drizzle_rows");
        DrizzleMigrations journal = new DrizzleMigrations(target, folder);
        journal.migrateTo("0000_init");
        assertThat(journal.pendingVersions()).containsExactly("0001_usage_index");
        assertThat(target.read("row", "SELECT hash, created_at FROM drizzle.__drizzle_migrations")
                        .toCsv())
                .contains(DrizzleMigrations.hash(folder.resolve("0000_init.sql")))
                .contains("1733054400000");
        assertThat(target.read("f", "SELECT to_regclass('flyway_schema_history') IS NULL AS none")
                        .single("none"))
                .isEqualTo("t");

        Files.writeString(
                folder.resolve("0000_init.sql"), Files.readString(folder.resolve("0000_init.sql")) + "\n-- edited\n");
        assertThat(journal.problems())
                .singleElement()
                .asString()
                .startsWith("The migration 0000_init.sql was modified after it was applied");
    }

    @Test
    @DisplayName(
            "a malformed _journal.json, a missing file, a when out of order: one sentence naming the file, nothing written")
    void should_explain_a_malformed_folder() throws Exception {
        copySample();
        Target target = LocalTargets.fresh("drizzle_bad");
        Path journalFile = folder.resolve("meta/_journal.json");
        String good = Files.readString(journalFile);

        Files.writeString(journalFile, "{ \"dialect\": \"postgresql\", \"entries\": [ ");
        assertThatThrownBy(() -> new DrizzleMigrations(target, folder).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(journalFile + " is not valid JSON");

        Files.writeString(journalFile, good.replace("0001_usage_index", "0001_missing"));
        assertThatThrownBy(() -> new DrizzleMigrations(target, folder).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names 0001_missing, but")
                .hasMessageContaining("does not exist");

        Files.writeString(journalFile, good.replace("1733140800000", "1733054400000"));
        assertThatThrownBy(() -> new DrizzleMigrations(target, folder).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not after the entry before it");
        assertThat(journalTableExists(target)).isFalse();
    }

    @Test
    @DisplayName("a failing migration rolls back every pending one, as drizzle's single transaction does")
    void should_roll_back_all_pending_on_failure() throws Exception {
        copySample();
        Files.writeString(folder.resolve("0001_usage_index.sql"), "CREATE INDEX broken ON no_such_table (x);\n");
        Target target = LocalTargets.fresh("drizzle_fail");
        DrizzleMigrations journal = new DrizzleMigrations(target, folder);
        assertThatThrownBy(journal::migrate)
                .hasMessageStartingWith("Migration 0001_usage_index failed on")
                .hasMessageNotContaining("\n");
        assertThat(journal.appliedVersions()).isEmpty();
        assertThat(target.read("t", "SELECT to_regclass('accounts') IS NULL AS gone")
                        .single("gone"))
                .isEqualTo("t");
    }

    @Test
    @DisplayName(
            "an older journal saying \"dialect\": \"pg\" applies; a journal moved by drizzle.config (public.migrations) is read and written there")
    void should_accept_pg_journals_and_a_moved_journal_table() throws Exception {
        copySample();
        Path journalFile = folder.resolve("meta/_journal.json");
        Files.writeString(journalFile, Files.readString(journalFile).replace("\"postgresql\"", "\"pg\""));
        Target target = LocalTargets.fresh("drizzle_moved");
        DrizzleMigrations moved = new DrizzleMigrations(target, folder, "public", "migrations");
        assertThat(moved.migrate()).isEqualTo(2);
        assertThat(target.read("rows", "SELECT count(*) AS n FROM public.migrations")
                        .single("n"))
                .isEqualTo("2");
        assertThat(journalTableExists(target))
                .as("drizzle.__drizzle_migrations (not used)")
                .isFalse();
        assertThat(moved.pendingVersions()).isEmpty();
        assertThat(moved.problems()).isEmpty();
        assertThat(new DrizzleMigrations(target, folder).pendingVersions())
                .as("the default journal sees nothing applied")
                .hasSize(2);
    }

    @Test
    @DisplayName(
            "a migration that is not valid UTF-8 is refused before anything is written, naming the file and the byte")
    void should_refuse_a_file_that_is_not_utf8_before_writing() throws Exception {
        copySample();
        Path file = folder.resolve("0001_usage_index.sql");
        byte[] text = Files.readAllBytes(file);
        byte[] bad = java.util.Arrays.copyOf(text, text.length + 3);
        bad[text.length] = '-';
        bad[text.length + 1] = '-';
        bad[text.length + 2] = (byte) 0xe9;
        Files.write(file, bad);
        Target target = LocalTargets.fresh("drizzle_latin1");
        assertThatThrownBy(() -> new DrizzleMigrations(target, folder).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(file + " is not valid UTF-8 (byte " + (text.length + 2)
                        + ", 0xe9); nothing was applied or recorded: save the file as" + " UTF-8 and run again.");
        assertThat(journalTableExists(target)).isFalse();
        assertThat(target.read("t", "SELECT to_regclass('accounts') IS NULL AS none")
                        .single("none"))
                .isEqualTo("t");
        // As drizzle hashes it: the text decoded with the byte replaced (what a database drizzle applied it to holds).
        assertThat(DrizzleMigrations.hash(file)).hasSize(64);
    }
}
