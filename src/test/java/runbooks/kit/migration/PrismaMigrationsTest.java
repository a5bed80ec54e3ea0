package runbooks.kit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbooks.kit.data.Rows;
import runbooks.kit.database.LocalTargets;
import runbooks.kit.database.Target;
import runbooks.kit.env.ConfigurationException;

/** The journal rows and refusals of Prisma Migrate, as its source defines them (see {@link PrismaMigrations}). */
class PrismaMigrationsTest {

    @TempDir
    Path folder;

    private Path migration(String name, String sql) throws IOException {
        Path dir = Files.createDirectories(folder.resolve(name));
        return Files.writeString(dir.resolve("migration.sql"), sql);
    }

    private static String tables(Target target) {
        return target.read(
                        "tables",
                        "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') AS names FROM pg_class c"
                                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")
                .single("names");
    }

    @Test
    @DisplayName(
            "deploy records each migration as Prisma does: uuid, SHA-256 of the file's bytes, finished, one step, no Flyway table")
    void should_record_rows_as_prisma_does() throws Exception {
        Files.writeString(folder.resolve("migration_lock.toml"), "provider = \"postgresql\"\n");
        Path first = migration("20260101000000_init", "CREATE TABLE a (id int);\r\n");
        migration("20260102000000_more", "CREATE TABLE b (id int);\n");
        Target target = LocalTargets.fresh("prisma_rows");
        PrismaMigrations journal = new PrismaMigrations(target, folder);

        assertThat(journal.pendingVersions()).containsExactly("20260101000000_init", "20260102000000_more");
        assertThat(journal.migrate()).isEqualTo(2);

        Rows row = target.read(
                "row",
                "SELECT id, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NULL AS not_rolled_back,"
                        + " applied_steps_count, logs IS NULL AS no_logs FROM _prisma_migrations WHERE migration_name = '20260101000000_init'");
        assertThat(row.single("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(row.single("checksum"))
                .as("checksum of the bytes, CRLF kept (sha256sum)")
                .isEqualTo(sha256sum(first));
        assertThat(row.single("finished")).isEqualTo("t");
        assertThat(row.single("not_rolled_back")).isEqualTo("t");
        assertThat(row.single("applied_steps_count")).isEqualTo("1");
        assertThat(row.single("no_logs")).isEqualTo("t");
        assertThat(tables(target)).isEqualTo("_prisma_migrations,a,b");
        assertThat(journal.isUpToDate()).isTrue();
    }

    @Test
    @DisplayName(
            "a failed migration leaves its row unfinished with the error in logs; the next deploy refuses with P3009 and writes nothing")
    void should_block_after_a_failed_migration() throws Exception {
        migration("20260101000000_init", "CREATE TABLE a (id int);\n");
        migration("20260102000000_broken", "CREATE TABLE b (id int);\nCREATE TABEL c (id int);\n");
        Target target = LocalTargets.fresh("prisma_failed");
        PrismaMigrations journal = new PrismaMigrations(target, folder);

        assertThatThrownBy(journal::migrate)
                .hasMessageStartingWith("Migration 20260102000000_broken failed to apply cleanly to")
                .hasMessageContaining("TABEL")
                .hasMessageNotContaining("\n");
        assertThat(tables(target))
                .as("the failed file ran as one transaction: b rolled back")
                .isEqualTo("_prisma_migrations,a");
        assertThat(target.read(
                                "row",
                                "SELECT finished_at IS NULL AS unfinished, logs FROM _prisma_migrations"
                                        + " WHERE migration_name = '20260102000000_broken'")
                        .single("unfinished"))
                .isEqualTo("t");
        assertThat(journal.problems())
                .singleElement()
                .asString()
                .startsWith("P3009")
                .contains("20260102000000_broken");

        Files.writeString(folder.resolve("20260102000000_broken/migration.sql"), "CREATE TABLE b (id int);\n");
        String rows =
                target.read("n", "SELECT count(*) AS n FROM _prisma_migrations").single("n");
        assertThatThrownBy(journal::migrate).hasMessageStartingWith("P3009");
        assertThat(target.read("n", "SELECT count(*) AS n FROM _prisma_migrations")
                        .single("n"))
                .isEqualTo(rows);
        assertThat(tables(target)).isEqualTo("_prisma_migrations,a");
    }

    @Test
    @DisplayName("a schema with tables but no _prisma_migrations is P3005: refused, nothing written")
    void should_refuse_an_unbaselined_schema() throws Exception {
        migration("20260101000000_init", "CREATE TABLE a (id int);\n");
        Target target = LocalTargets.fresh("prisma_p3005");
        target.verify().execute(new runbooks.kit.sql.SqlFile("existing", "CREATE TABLE legacy (id int);"));
        PrismaMigrations journal = new PrismaMigrations(target, folder);

        assertThat(journal.problems()).singleElement().asString().startsWith("P3005");
        assertThatThrownBy(journal::migrate).hasMessageStartingWith("P3005");
        assertThat(tables(target)).isEqualTo("legacy");
    }

    @Test
    @DisplayName("a folder that is not a Prisma PostgreSQL folder is one sentence naming the file")
    void should_explain_a_malformed_folder() throws Exception {
        Files.createDirectories(folder.resolve("20260101000000_init"));
        Target target = LocalTargets.fresh("prisma_folder");
        assertThatThrownBy(() -> new PrismaMigrations(target, folder).pendingVersions())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("The Prisma migration folder " + folder.resolve("20260101000000_init")
                        + " has no migration.sql.");

        migration("20260101000000_init", "CREATE TABLE a (id int);\n");
        Files.writeString(folder.resolve("migration_lock.toml"), "provider = \"mysql\"\n");
        assertThatThrownBy(() -> new PrismaMigrations(target, folder).migrate())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("migration_lock.toml does not say provider = \"postgresql\"");
        assertThat(tables(target)).isEmpty();
    }

    @Test
    @DisplayName(
            "drift is judged as Prisma does: a file whose line endings git changed still matches; an edited one does not")
    void should_judge_drift_like_prisma() {
        String applied = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
        String checksum = java.util.HexFormat.of().formatHex(sha256(applied));
        assertThat(PrismaMigrations.matches(applied.replace("\n", "\r\n"), checksum))
                .isTrue();
        assertThat(PrismaMigrations.matches(applied + "-- edited\n", checksum)).isFalse();
        // prisma-engines' own case: checksum.rs, format_checksum_does_not_strip_zeros
        assertThat(PrismaMigrations.matches(
                        "hello", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
                .isTrue();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256sum(Path file) throws Exception {
        Process p = new ProcessBuilder("sha256sum", file.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes()).split("\\s+")[0];
    }

    @Test
    @DisplayName(
            "a migration that is not valid UTF-8: refused before its row is written (no unfinished row, no P3009 afterwards); one Prisma applied is judged, not thrown on")
    void should_refuse_a_file_that_is_not_utf8_before_its_row() throws Exception {
        migration("20260101000000_init", "CREATE TABLE a (id int);\n");
        Path latin1 = migration("20260102000000_latin1", "");
        Files.write(
                latin1,
                "CREATE TABLE b (id int); -- caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Target target = LocalTargets.fresh("prisma_latin1");
        PrismaMigrations journal = new PrismaMigrations(target, folder);
        assertThatThrownBy(journal::migrate)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        latin1 + " is not valid UTF-8 (byte 31, 0xe9); nothing was applied or recorded");
        assertThat(tables(target)).isEmpty();

        // Where Prisma applied such a file: its row holds the checksum of the bytes; the kit reads the file as Prisma
        // did.
        new PrismaMigrations(target, folder).migrateTo("20260101000000_init");
        target.verify()
                .execute(new runbooks.kit.sql.SqlFile(
                        "as prisma",
                        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name,"
                                + " applied_steps_count) VALUES ('00000000-0000-4000-8000-000000000002', '"
                                + sha256sum(latin1)
                                + "', now(), '20260102000000_latin1', 1);"));
        assertThat(journal.problems()).isEmpty();
        assertThat(journal.status()).contains("20260102000000_latin1").contains("Database schema is up to date!");
    }
}
