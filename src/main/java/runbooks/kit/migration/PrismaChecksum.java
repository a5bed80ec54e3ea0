package runbooks.kit.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Prisma's migration checksum ({@code schema-engine/connectors/schema-connector/src/checksum.rs}). */
final class PrismaChecksum {

    private PrismaChecksum() {}

    /** Prisma's script_matches_checksum: line-ending agnostic, and accepting the old unpadded hex form. */
    static boolean matches(String script, String checksum) {
        for (String variant : List.of(script, script.replace("\r\n", "\n"), script.replace("\n", "\r\n"))) {
            byte[] digest = sha256(variant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String padded = HexFormat.of().formatHex(digest);
            StringBuilder old = new StringBuilder();
            for (byte b : digest) {
                old.append(Integer.toHexString(b & 0xff));
            }
            if ((checksum.length() == 64 ? padded : old.toString()).equals(checksum)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prisma's checksum: lowercase hex SHA-256 of the file's bytes. */
    static String of(Path file) {
        try {
            return HexFormat.of().formatHex(sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
