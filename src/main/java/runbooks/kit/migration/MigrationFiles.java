package runbooks.kit.migration;

import java.nio.file.Path;

/** How reports name a migration file, and how the kit reads one as the teams' tools do. */
public final class MigrationFiles {

    private MigrationFiles() {}

    /**
     * The file's name, or for a tool that keeps one file per folder (Prisma's {@code <migration>/migration.sql})
     * the folder and the file, so that findings say which migration they are about.
     */
    public static String displayName(Path file) {
        String name = file.getFileName().toString();
        return (name.equals("migration.sql") || name.equals("up.sql")) && file.getParent() != null
                ? file.getParent().getFileName() + "/" + name
                : name;
    }

    /**
     * The file's text, decided before anything is written: a file that is not valid UTF-8 is refused with one sentence
     * naming it and the byte offset (Prisma and drizzle would apply its text with that byte replaced and record a checksum
     * of the replaced text; a migration is better saved as the UTF-8 it was meant to be).
     */
    public static String readForApply(Path file) {
        byte[] bytes = bytes(file);
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new runbooks.kit.env.ConfigurationException(file + " is not valid UTF-8 (byte " + in.position()
                    + ", 0x" + String.format("%02x", bytes[in.position()] & 0xff)
                    + "); nothing was applied or recorded: save the file as UTF-8 and run again.");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The file's text for a gate, read on the same path as {@link #readForApply} (so a file that is not UTF-8 gets its
     * sentence here too): a file with no statement in it (empty, blank, or comments only) is refused in one sentence
     * before anything is written, since applying it would journal a migration as finished that changed nothing.
     */
    public static String readForGate(Path file) {
        String text = readForApply(file);
        String statements = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*", "");
        if (statements.isBlank()) {
            throw new runbooks.kit.env.ConfigurationException("The deploy migration " + displayName(file) + " is "
                    + (text.isBlank() ? "empty" : "comments only") + ": there is no statement in it to gate or apply,"
                    + " and nothing was written; put the migration's SQL in " + file + " (an unfinished"
                    + " prisma migrate dev --create-only leaves it so).");
        }
        return text;
    }

    /** The file's text as node and Prisma decode it (invalid bytes replaced by U+FFFD): what their checksums were taken of. */
    public static String readAsTheToolsDo(Path file) {
        return new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Could not read " + file, e);
        }
    }
}
