package runbooks.kit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import runbooks.kit.sql.SqlFiles;

/**
 * What a local stand-in is built from ({@link Deployment#standIn}): files and folders under {@code sql/}, a drill's
 * overlay applied. Its key names them by content, so a drill that changes them gets a template of its own; a {@code .sql}
 * file the overlay only adds to an input folder is left out of the key (it runs on the copy).
 */
record StandInInputs(SqlFiles sql, Path sqlRoot, Path merged, List<String> inputs) {

    /** {@code .sql} files the overlay adds directly in the input folders (not patches of existing files), in name order. */
    List<String> addedByOverlay() {
        List<String> added = new ArrayList<>();
        for (String input : inputs) {
            Path base = sqlRoot.resolve(input);
            Optional<Path> over = sql.overlay().map(o -> o.resolve(input)).filter(Files::isDirectory);
            if (!Files.isDirectory(base) || over.isEmpty()) {
                continue;
            }
            try (var files = Files.list(over.get())) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".sql"))
                        .filter(f -> !Files.exists(base.resolve(f)))
                        .sorted()
                        .forEach(f -> added.add(input + "/" + f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return added;
    }

    /** A short digest of the inputs' content (overlay applied, {@code heldBack} left out) and of {@code settings}. */
    String key(Map<String, String> settings, List<String> heldBack) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String input : inputs) {
                digest.update(input.getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(sqlRoot.resolve(input))) {
                    digest.update(sql.file(input).text().getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                Path folder = sql.directory(input, merged);
                List<Path> files;
                try (var walk = Files.walk(folder)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    if (heldBack.contains(input + "/" + folder.relativize(f))) {
                        continue;
                    }
                    digest.update(folder.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(f));
                }
            }
            new TreeMap<>(settings)
                    .forEach((k, v) -> digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
